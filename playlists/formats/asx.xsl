<?xml version="1.0" encoding="UTF-8"?>
<!-- ASX 3.0 (Windows Media metafile): the canonical document itself, indented. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <!-- No XML declaration: Windows Media and VLC recognise an ASX by "<asx" at its start. -->
  <xsl:output method="xml" indent="yes" encoding="UTF-8" omit-xml-declaration="yes"
              media-type="video/x-ms-asf"/>
  <xsl:strip-space elements="*"/>

  <xsl:template match="@* | node()">
    <xsl:copy>
      <xsl:apply-templates select="@* | node()"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
