"""The OpenAPI schema documents the error shape every endpoint may answer with."""

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "code", "message", "fields"],
            "properties": {
                "status": {"type": "integer"},
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
        }
    },
}
ERROR_RESPONSES = {
    "400": "The request is not valid; `fields` says which fields and why.",
    "401": "Authentication is required (a token or a session).",
    "403": "The user's role does not allow this.",
    "404": "No such item, or not one the user may see.",
    "405": "Method not allowed.",
    "406": "The requested format is not available.",
    "409": "The task's current state does not allow this (see `message`), or it changed since it was read.",
    "415": "Unsupported media type.",
    "429": "Too many requests: slow down.",
}


def add_error_responses(result, generator, request, public):
    """Postprocessing hook: every operation documents the error responses with the shared shape."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "ordering":
                    describe_ordering(parameter)
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_RESPONSES.items():
                responses.setdefault(
                    code, {"description": description, "content": {"application/json": {"schema": reference}}}
                )
    return result


def describe_ordering(parameter: dict) -> None:
    """`?ordering=` takes one sort key (a leading - reverses it); empty means the default order.

    drf-spectacular describes it as an array, which tools read differently when it is empty.
    """
    keys = parameter["schema"].get("items", {}).get("enum", [])
    parameter["schema"] = {"type": "string", "enum": ["", *keys]}
    parameter.pop("style", None)
    parameter.pop("explode", None)
