# Writes INPUT as a C++ string_view named SYMBOL (namespace interlude) into OUTPUT.
file(READ "${INPUT}" content)
file(WRITE "${OUTPUT}" "#include <string_view>\nnamespace interlude {\nextern const std::string_view ${SYMBOL};\nconst std::string_view ${SYMBOL} = R\"interlude_embed(${content})interlude_embed\";\n}\n")
