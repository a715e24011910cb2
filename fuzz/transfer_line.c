/* fuzz/transfer_line.c — libFuzzer target: any bytes as one JSON Lines transfer. Whenever the yajl
 * reading (transfer_from_json_line) answers for a line, the jansson reading it stands in for must
 * accept the line too and fill exactly the same transfer; otherwise the target aborts. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/transfer_codec.h"
#include "ledger/transfer_line.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    hs_transfer fast, slow;
    if (!transfer_from_json_line((const char *)data, size, &fast))
        return 0;
    json_error_t jerr;
    json_t *obj =
        json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
    if (obj == NULL)
        abort(); /* answered for a line jansson refuses */
    char field[64], why[256];
    bool ok = transfer_from_json(obj, &slow, field, sizeof field, why, sizeof why);
    json_decref(obj);
    if (!ok || memcmp(&fast, &slow, sizeof fast) != 0)
        abort(); /* answered differently from transfer_from_json */
    return 0;
}
