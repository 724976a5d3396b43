<?xml version="1.0" encoding="UTF-8"?>
<!-- Helpers shared by the shipped formats (included, never a format itself).
     Context for the entry templates: an asx/entry element. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- Seconds in an ASX duration value ("HH:MM:SS.ff", "MM:SS" or "SS.ff");
       NaN when the value is missing or not a duration. -->
  <xsl:template name="duration-seconds">
    <xsl:param name="value" select="duration/@value"/>
    <xsl:param name="sum" select="0"/>
    <xsl:choose>
      <xsl:when test="contains($value, ':')">
        <xsl:call-template name="duration-seconds">
          <xsl:with-param name="value" select="substring-after($value, ':')"/>
          <xsl:with-param name="sum" select="($sum + substring-before($value, ':')) * 60"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$sum + $value &gt;= 0">
        <xsl:value-of select="$sum + $value"/>
      </xsl:when>
      <xsl:otherwise>NaN</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The entry's index param, or its position among the entries. -->
  <xsl:template name="entry-index">
    <xsl:choose>
      <xsl:when test="param[@name = 'index']">
        <xsl:value-of select="param[@name = 'index']/@value"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="count(preceding-sibling::entry)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
