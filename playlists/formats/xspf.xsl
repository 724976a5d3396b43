<?xml version="1.0" encoding="UTF-8"?>
<!-- XSPF 1 (https://xspf.org/spec): one track per entry with its last ref
     (the unicast fallback) as location and the duration in milliseconds. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns="http://xspf.org/ns/0/">
  <xsl:include href="_common.xsl"/>
  <xsl:output method="xml" indent="yes" encoding="UTF-8" media-type="application/xspf+xml"/>

  <xsl:template match="/asx">
    <playlist version="1">
      <xsl:apply-templates select="title"/>
      <xsl:apply-templates select="author"/>
      <trackList>
        <xsl:apply-templates select="entry"/>
      </trackList>
    </playlist>
  </xsl:template>

  <xsl:template match="entry">
    <xsl:variable name="seconds">
      <xsl:call-template name="duration-seconds"/>
    </xsl:variable>
    <track>
      <xsl:for-each select="ref[last()]">
        <location><xsl:value-of select="@href"/></location>
      </xsl:for-each>
      <xsl:apply-templates select="title"/>
      <xsl:apply-templates select="author"/>
      <xsl:if test="number($seconds) &gt;= 0">
        <duration><xsl:value-of select="round($seconds * 1000)"/></duration>
      </xsl:if>
    </track>
  </xsl:template>

  <xsl:template match="title">
    <title><xsl:value-of select="."/></title>
  </xsl:template>

  <xsl:template match="author">
    <creator><xsl:value-of select="."/></creator>
  </xsl:template>
</xsl:stylesheet>
