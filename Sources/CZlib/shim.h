// zlib for the Data layer's gzip-aware line reader (BEIR `.jsonl.gz` / `.tsv.gz` files).
#include <zlib.h>
