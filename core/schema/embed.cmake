# Turns a text file into a C++ string_view definition: -DINPUT -DOUTPUT -DSYMBOL
file(READ "${INPUT}" content)
file(WRITE "${OUTPUT}" "#include <string_view>\nnamespace interlude::core {\nextern const std::string_view ${SYMBOL};\nconst std::string_view ${SYMBOL} = R\"interlude_xsd(${content})interlude_xsd\";\n}\n")
