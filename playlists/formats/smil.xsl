<?xml version="1.0" encoding="UTF-8"?>
<!-- SMIL 3.0 (https://www.w3.org/TR/SMIL3/): the entries in sequence, each a
     video element (audio when its mediaType is audio/...). An entry with
     several refs becomes a switch of alternatives in the ASX order. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns="http://www.w3.org/ns/SMIL">
  <xsl:include href="_common.xsl"/>
  <xsl:output method="xml" indent="yes" encoding="UTF-8" media-type="application/smil+xml"/>

  <xsl:template match="/asx">
    <smil version="3.0" baseProfile="Language">
      <head>
        <xsl:for-each select="title | author">
          <meta name="{local-name()}" content="{.}"/>
        </xsl:for-each>
      </head>
      <body>
        <seq>
          <xsl:apply-templates select="entry"/>
        </seq>
      </body>
    </smil>
  </xsl:template>

  <xsl:template match="entry[count(ref) &gt; 1]">
    <switch>
      <xsl:apply-templates select="ref"/>
    </switch>
  </xsl:template>

  <xsl:template match="entry">
    <xsl:apply-templates select="ref"/>
  </xsl:template>

  <xsl:template match="ref">
    <xsl:variable name="entry" select=".."/>
    <xsl:variable name="seconds">
      <xsl:call-template name="duration-seconds">
        <xsl:with-param name="value" select="$entry/duration/@value"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="element">
      <xsl:choose>
        <xsl:when test="starts-with($entry/param[@name = 'mediaType']/@value, 'audio/')">audio</xsl:when>
        <xsl:otherwise>video</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:element name="{$element}">
      <xsl:attribute name="src"><xsl:value-of select="@href"/></xsl:attribute>
      <xsl:if test="$entry/title">
        <xsl:attribute name="title"><xsl:value-of select="$entry/title"/></xsl:attribute>
      </xsl:if>
      <xsl:if test="number($seconds) &gt;= 0">
        <xsl:attribute name="dur"><xsl:value-of select="concat(format-number($seconds, '0.###'), 's')"/></xsl:attribute>
      </xsl:if>
    </xsl:element>
  </xsl:template>
</xsl:stylesheet>
