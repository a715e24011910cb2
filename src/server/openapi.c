/* openapi.c — the OpenAPI 3.1 document, generated from the route table (see routes.h). */
#include <stdio.h>
#include <string.h>

#include "server/routes.h"

#define ERROR_SCHEMA                                                                               \
    "{\"type\":\"object\",\"required\":[\"error\"],\"properties\":{\"error\":{\"type\":"           \
    "\"object\",\"required\":[\"code\",\"message\",\"field\"],\"properties\":{\"code\":{"          \
    "\"type\":\"string\"},\"message\":{\"type\":\"string\"},\"field\":{\"type\":[\"string\","      \
    "\"null\"]}}}}}"

static json_t *schema(const char *text) {
    json_error_t e;
    json_t *s = text ? json_loads(text, 0, &e) : NULL;
    return s != NULL ? s : json_object(); /* the table's schemas are literals, parsed in tests */
}

static json_t *error_response(const char *description) {
    json_t *r = json_pack("{s:s, s:{s:{s:{s:s}}}}", "description", description, "content",
                          "application/json", "schema", "$ref", "#/components/schemas/Error");
    return r;
}

static json_t *operation(const server_route *r) {
    json_t *op = json_object();
    json_object_set_new(op, "operationId", json_string(r->operation_id));
    json_object_set_new(op, "summary", json_string(r->summary));
    json_t *params = json_array();
    /* path parameters, in template order */
    for (const char *p = strchr(r->path, '{'); p != NULL; p = strchr(p + 1, '{')) {
        const char *e = strchr(p, '}');
        if (e == NULL)
            break;
        json_t *param = json_pack("{s:s%, s:s, s:b, s:{s:s}}", "name", p + 1, (size_t)(e - p - 1),
                                  "in", "path", "required", 1, "schema", "type", "string");
        json_array_append_new(params, param);
    }
    if (r->idempotent_post)
        json_array_append_new(
            params, json_pack("{s:s, s:s, s:b, s:s, s:{s:s, s:i, s:i}}", "name", "Idempotency-Key",
                              "in", "header", "required", 1, "description",
                              "retries with the same key and body get the original answer",
                              "schema", "type", "string", "minLength", 1, "maxLength", 255));
    if (strcmp(r->method, "GET") == 0 && strstr(r->operation_id, "list") == r->operation_id) {
        json_array_append_new(params, json_pack("{s:s, s:s, s:{s:s}}", "name", "cursor", "in",
                                                "query", "schema", "type", "string"));
        json_array_append_new(params, json_pack("{s:s, s:s, s:{s:s, s:i, s:i}}", "name", "limit",
                                                "in", "query", "schema", "type", "integer",
                                                "minimum", 1, "maximum", 1000));
    }
    if (json_array_size(params) > 0)
        json_object_set_new(op, "parameters", params);
    else
        json_decref(params);
    if (r->body_json)
        json_object_set_new(op, "requestBody",
                            json_pack("{s:b, s:{s:{s:o}}}", "required", 1, "content",
                                      "application/json", "schema", schema(r->request_schema)));
    json_t *responses = json_object();
    char code[8];
    snprintf(code, sizeof code, "%d", r->success_status);
    json_object_set_new(responses, code,
                        json_pack("{s:s, s:{s:{s:o}}}", "description", "done", "content",
                                  "application/json", "schema", schema(r->response_schema)));
    if (strcmp(r->method, "GET") == 0)
        json_object_set_new(responses, "304",
                            json_pack("{s:s}", "description", "not modified (If-None-Match)"));
    if (!r->public_route) {
        json_object_set_new(responses, "401", error_response("not authenticated"));
        json_object_set_new(responses, "403", error_response("not allowed (role, scope, csrf)"));
    }
    json_object_set_new(responses, "default",
                        error_response("an error: 400/422 bad input, 404 not found, 409 refused "
                                       "by a rule, 413 body too large, 429 too many, 503 storage"));
    json_object_set_new(op, "responses", responses);
    if (r->public_route)
        json_object_set_new(op, "security", json_array());
    return op;
}

json_t *openapi_document(void) {
    json_t *paths = json_object();
    for (const server_route *r = server_routes; r->method != NULL; r++) {
        json_t *item = json_object_get(paths, r->path);
        if (item == NULL) {
            item = json_object();
            json_object_set_new(paths, r->path, item);
        }
        char method[8];
        size_t i = 0;
        for (; r->method[i] && i < sizeof method - 1; i++)
            method[i] = (char)(r->method[i] | 0x20); /* ASCII lower case */
        method[i] = '\0';
        json_object_set_new(item, method, operation(r));
    }
    json_t *doc = json_pack(
        "{s:s, s:{s:s, s:s, s:s}, s:o, s:{s:{s:o}, s:{s:{s:s, s:s}, s:{s:s, s:s, s:s}}}, "
        "s:[{s:[]}, {s:[]}]}",
        "openapi", "3.1.0", "info", "title", "huoshui", "version", "1", "description",
        "One double-entry book for many organisations: the operations of the huoshui CLI over "
        "HTTP, with users, roles and scopes.",
        "paths", paths, "components", "schemas", "Error", schema(ERROR_SCHEMA), "securitySchemes",
        "bearer", "type", "http", "scheme", "bearer", "cookie", "type", "apiKey", "in", "cookie",
        "name", "huoshui_session", "security", "bearer", "cookie");
    return doc;
}
