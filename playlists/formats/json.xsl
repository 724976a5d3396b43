<?xml version="1.0" encoding="UTF-8"?>
<!-- JSON for web players (RFC 8259): the playlist's title, author, session and
     expiry, and per entry its index, title, last ref (the unicast fallback),
     kind, duration in seconds, permissions and media type. Missing values
     are null. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:include href="_common.xsl"/>
  <xsl:output method="text" encoding="UTF-8" media-type="application/json"/>

  <xsl:template match="/asx">
    <xsl:text>{"title":</xsl:text>
    <xsl:call-template name="string">
      <xsl:with-param name="value" select="title"/>
    </xsl:call-template>
    <xsl:text>,"author":</xsl:text>
    <xsl:call-template name="string">
      <xsl:with-param name="value" select="author"/>
    </xsl:call-template>
    <xsl:text>,"session":</xsl:text>
    <xsl:call-template name="string">
      <xsl:with-param name="value" select="param[@name = 'session']/@value"/>
    </xsl:call-template>
    <xsl:text>,"expires":</xsl:text>
    <xsl:call-template name="string">
      <xsl:with-param name="value" select="param[@name = 'expires']/@value"/>
    </xsl:call-template>
    <xsl:text>,"entries":[</xsl:text>
    <xsl:apply-templates select="entry"/>
    <xsl:text>]}&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="entry">
    <xsl:variable name="index">
      <xsl:call-template name="entry-index"/>
    </xsl:variable>
    <xsl:variable name="seconds">
      <xsl:call-template name="duration-seconds"/>
    </xsl:variable>
    <xsl:if test="position() &gt; 1">,</xsl:if>
    <xsl:text>{"index":</xsl:text>
    <xsl:call-template name="number">
      <xsl:with-param name="value" select="number($index)"/>
      <xsl:with-param name="format" select="'0.###'"/>
    </xsl:call-template>
    <xsl:text>,"title":</xsl:text>
    <xsl:call-template name="string">
      <xsl:with-param name="value" select="title"/>
    </xsl:call-template>
    <xsl:text>,"url":</xsl:text>
    <xsl:call-template name="string">
      <xsl:with-param name="value" select="ref[last()]/@href"/>
    </xsl:call-template>
    <xsl:text>,"kind":</xsl:text>
    <xsl:call-template name="string">
      <xsl:with-param name="value" select="param[@name = 'kind']/@value"/>
    </xsl:call-template>
    <xsl:text>,"durationSeconds":</xsl:text>
    <xsl:call-template name="number">
      <xsl:with-param name="value" select="number($seconds)"/>
    </xsl:call-template>
    <xsl:text>,"canSeek":</xsl:text>
    <xsl:call-template name="boolean">
      <xsl:with-param name="value" select="param[@name = 'canSeek']/@value"/>
    </xsl:call-template>
    <xsl:text>,"canSkipForward":</xsl:text>
    <xsl:call-template name="boolean">
      <xsl:with-param name="value" select="param[@name = 'canSkipForward']/@value"/>
    </xsl:call-template>
    <xsl:text>,"canSkipBack":</xsl:text>
    <xsl:call-template name="boolean">
      <xsl:with-param name="value" select="param[@name = 'canSkipBack']/@value"/>
    </xsl:call-template>
    <xsl:text>,"mediaType":</xsl:text>
    <xsl:call-template name="string">
      <xsl:with-param name="value" select="param[@name = 'mediaType']/@value"/>
    </xsl:call-template>
    <xsl:text>}</xsl:text>
  </xsl:template>

  <!-- The string value of the node set as a JSON string; null when it is empty. -->
  <xsl:template name="string">
    <xsl:param name="value"/>
    <xsl:choose>
      <xsl:when test="not($value)">null</xsl:when>
      <xsl:otherwise>
        <xsl:text>"</xsl:text>
        <xsl:call-template name="escape">
          <xsl:with-param name="text" select="string($value)"/>
        </xsl:call-template>
        <xsl:text>"</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The number; null when it is NaN or infinite. -->
  <xsl:template name="number">
    <xsl:param name="value"/>
    <xsl:param name="format" select="'0.0##'"/>
    <xsl:choose>
      <xsl:when test="$value - $value = 0">
        <xsl:value-of select="format-number($value, $format)"/>
      </xsl:when>
      <xsl:otherwise>null</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- true or false from the value's text; null for anything else. -->
  <xsl:template name="boolean">
    <xsl:param name="value"/>
    <xsl:choose>
      <xsl:when test="$value = 'true'">true</xsl:when>
      <xsl:when test="$value = 'false'">false</xsl:when>
      <xsl:otherwise>null</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The text with JSON string escapes for " \ and the control characters an
       XML document can hold (tab, LF, CR), plus U+2028/U+2029 for JavaScript.
       Halves the text until a part has nothing to escape: the recursion depth
       stays logarithmic in the length. -->
  <xsl:variable name="specials" select="'&quot;\&#9;&#10;&#13;&#x2028;&#x2029;'"/>

  <xsl:template name="escape">
    <xsl:param name="text"/>
    <xsl:variable name="length" select="string-length($text)"/>
    <xsl:choose>
      <xsl:when test="string-length(translate($text, $specials, '')) = $length">
        <xsl:value-of select="$text"/>
      </xsl:when>
      <xsl:when test="$length = 1">
        <xsl:call-template name="escape-character">
          <xsl:with-param name="character" select="$text"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="half" select="floor($length div 2)"/>
        <xsl:call-template name="escape">
          <xsl:with-param name="text" select="substring($text, 1, $half)"/>
        </xsl:call-template>
        <xsl:call-template name="escape">
          <xsl:with-param name="text" select="substring($text, $half + 1)"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="escape-character">
    <xsl:param name="character"/>
    <xsl:choose>
      <xsl:when test="$character = '&quot;'">\"</xsl:when>
      <xsl:when test="$character = '\'">\\</xsl:when>
      <xsl:when test="$character = '&#9;'">\t</xsl:when>
      <xsl:when test="$character = '&#10;'">\n</xsl:when>
      <xsl:when test="$character = '&#13;'">\r</xsl:when>
      <xsl:when test="$character = '&#x2028;'">\u2028</xsl:when>
      <xsl:otherwise>\u2029</xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
