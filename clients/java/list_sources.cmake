# cmake -DDIR=gen -DOUT=sources.txt -P list_sources.cmake: the .java files
# under DIR, one a line, for javac @OUT.
file(GLOB_RECURSE sources ${DIR}/*.java)
list(SORT sources)
string(REPLACE ";" "\n" text "${sources}")
file(WRITE ${OUT} "${text}\n")
