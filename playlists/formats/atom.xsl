<?xml version="1.0" encoding="UTF-8"?>
<!-- Atom 1.0 (RFC 4287): one entry per playlist entry, its last ref (the
     unicast fallback) linked as the alternate and the enclosure. XSLT 1.0 has
     no clock, so "updated" is the session's expiry. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns="http://www.w3.org/2005/Atom">
  <xsl:include href="_common.xsl"/>
  <xsl:output method="xml" indent="yes" encoding="UTF-8" media-type="application/atom+xml"/>

  <xsl:variable name="id" select="concat('urn:interlude:session:', /asx/param[@name = 'session']/@value)"/>
  <xsl:variable name="updated" select="/asx/param[@name = 'expires']/@value"/>

  <xsl:template match="/asx">
    <feed>
      <title><xsl:value-of select="title"/></title>
      <id><xsl:value-of select="$id"/></id>
      <updated><xsl:value-of select="$updated"/></updated>
      <author>
        <name>
          <xsl:value-of select="author"/>
          <xsl:if test="not(author)">Interlude</xsl:if>
        </name>
      </author>
      <xsl:apply-templates select="entry"/>
    </feed>
  </xsl:template>

  <xsl:template match="entry">
    <xsl:variable name="index">
      <xsl:call-template name="entry-index"/>
    </xsl:variable>
    <entry>
      <title><xsl:value-of select="title"/></title>
      <id><xsl:value-of select="concat($id, ':', $index)"/></id>
      <updated><xsl:value-of select="$updated"/></updated>
      <xsl:for-each select="author">
        <author><name><xsl:value-of select="."/></name></author>
      </xsl:for-each>
      <xsl:for-each select="ref[last()]">
        <xsl:call-template name="link">
          <xsl:with-param name="rel" select="'alternate'"/>
        </xsl:call-template>
        <xsl:call-template name="link">
          <xsl:with-param name="rel" select="'enclosure'"/>
        </xsl:call-template>
      </xsl:for-each>
    </entry>
  </xsl:template>

  <!-- A link to the context ref, typed with the entry's mediaType. -->
  <xsl:template name="link">
    <xsl:param name="rel"/>
    <xsl:variable name="type" select="../param[@name = 'mediaType']/@value"/>
    <link rel="{$rel}" href="{@href}">
      <xsl:if test="$type">
        <xsl:attribute name="type"><xsl:value-of select="$type"/></xsl:attribute>
      </xsl:if>
    </link>
  </xsl:template>
</xsl:stylesheet>
