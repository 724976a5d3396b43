<?xml version="1.0" encoding="UTF-8"?>
<!-- Extended M3U: #EXTM3U, then per entry "#EXTINF:<seconds or -1>,<title>"
     and the entry's last ref (the unicast fallback). Lines end with LF;
     CR and LF inside a title or URL become spaces. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:include href="_common.xsl"/>
  <xsl:output method="text" encoding="UTF-8" media-type="audio/x-mpegurl"/>

  <xsl:template match="/asx">
    <xsl:text>#EXTM3U&#10;</xsl:text>
    <xsl:apply-templates select="entry"/>
  </xsl:template>

  <xsl:template match="entry">
    <xsl:variable name="seconds">
      <xsl:call-template name="duration-seconds"/>
    </xsl:variable>
    <xsl:text>#EXTINF:</xsl:text>
    <xsl:choose>
      <xsl:when test="number($seconds) &gt;= 0">
        <xsl:value-of select="round($seconds)"/>
      </xsl:when>
      <xsl:otherwise>-1</xsl:otherwise>
    </xsl:choose>
    <xsl:text>,</xsl:text>
    <xsl:call-template name="line">
      <xsl:with-param name="text" select="title"/>
    </xsl:call-template>
    <xsl:call-template name="line">
      <xsl:with-param name="text" select="ref[last()]/@href"/>
    </xsl:call-template>
  </xsl:template>

  <!-- One output line: the text without line breaks, then LF. -->
  <xsl:template name="line">
    <xsl:param name="text"/>
    <xsl:value-of select="translate($text, '&#13;&#10;', '  ')"/>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>
</xsl:stylesheet>
