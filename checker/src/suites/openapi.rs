//! OpenAPI documents compared by meaning: two generators (FastAPI's and
//! utoipa) describe the same API in different words, and a check must see
//! only what a client could tell apart.
//!
//! [`normal`] reduces a document to its paths, methods, parameters,
//! request bodies and responses, with every schema written out in full
//! (`$ref`s resolved). What it drops is what the generators legitimately
//! differ in:
//!
//! - names: component names (`HTTPValidationError`, or any other), titles,
//!   summaries, descriptions, operation ids, tags;
//! - spelling: `anyOf: [{type: integer}, {type: null}]` (FastAPI) and
//!   `type: [integer, null]` (utoipa) are one type list; `oneOf` of plain
//!   types is the same list;
//! - `format` (`int64`: utoipa adds it, FastAPI has no fixed width),
//!   `additionalProperties`, examples;
//! - the patch version of `openapi` (`3.1.0`, `3.1.1`).
//!
//! What it keeps: the type list, `properties`, `required` (sorted),
//! `items`, `default`, `enum`, `const` and the bounds, for every schema;
//! `required` and `in` for every parameter; the status codes and media
//! types of every response.

use serde_json::{Map, Value, json};

use crate::expect::diff_json;

/// The keywords of a schema that a client can tell apart.
const KEPT: [&str; 10] = [
    "default",
    "enum",
    "const",
    "maximum",
    "minimum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
];

/// The methods an OpenAPI path item may hold.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A document reduced to what a client can tell apart (see the module).
pub fn normal(doc: &Value) -> Value {
    let version = doc
        .get("openapi")
        .and_then(Value::as_str)
        .map(|v| v.split('.').take(2).collect::<Vec<_>>().join("."));
    let mut paths = Map::new();
    for (path, item) in object(doc.get("paths")) {
        let mut methods = Map::new();
        for method in METHODS {
            if let Some(operation) = item.get(method) {
                methods.insert(method.to_string(), normal_operation(doc, operation));
            }
        }
        paths.insert(path.clone(), Value::Object(methods));
    }
    json!({"openapi": version, "paths": paths})
}

fn object(value: Option<&Value>) -> Map<String, Value> {
    value
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// An operation: parameters by `"in name"`, the request body, the responses
/// by status.
fn normal_operation(doc: &Value, operation: &Value) -> Value {
    let mut parameters = Map::new();
    for parameter in operation
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let parameter = resolve(doc, parameter, 0);
        let place = parameter.get("in").and_then(Value::as_str).unwrap_or("?");
        let name = parameter.get("name").and_then(Value::as_str).unwrap_or("?");
        parameters.insert(
            format!("{place} {name}"),
            json!({
                "required": parameter.get("required").and_then(Value::as_bool).unwrap_or(false),
                "schema": schema(doc, parameter.get("schema"), 0),
            }),
        );
    }
    let mut out = Map::new();
    out.insert("parameters".into(), Value::Object(parameters));
    if let Some(body) = operation.get("requestBody") {
        let body = resolve(doc, body, 0);
        out.insert(
            "requestBody".into(),
            json!({
                "required": body.get("required").and_then(Value::as_bool).unwrap_or(false),
                "content": content(doc, body.get("content")),
            }),
        );
    }
    let mut responses = Map::new();
    for (status, response) in object(operation.get("responses")) {
        let response = resolve(doc, &response, 0);
        responses.insert(status, content(doc, response.get("content")));
    }
    out.insert("responses".into(), Value::Object(responses));
    Value::Object(out)
}

/// Media type → schema.
fn content(doc: &Value, content: Option<&Value>) -> Value {
    let mut out = Map::new();
    for (media, item) in object(content) {
        out.insert(media, schema(doc, item.get("schema"), 0));
    }
    Value::Object(out)
}

/// Follows a `$ref` into the document (`#/components/...`).
fn resolve(doc: &Value, value: &Value, depth: usize) -> Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) if depth < 32 => {
            let target = reference
                .strip_prefix('#')
                .and_then(|pointer| doc.pointer(pointer))
                .cloned()
                .unwrap_or_else(|| json!({"unresolved $ref": reference}));
            resolve(doc, &target, depth + 1)
        }
        _ => value.clone(),
    }
}

/// A schema written out in full, in one spelling.
fn schema(doc: &Value, value: Option<&Value>, depth: usize) -> Value {
    let Some(value) = value else {
        return Value::Null;
    };
    if depth > 32 {
        return json!("<a schema nested too deep, or a cycle>");
    }
    let value = resolve(doc, value, 0);
    let mut out = Map::new();
    let mut types: Vec<String> = match value.get("type") {
        Some(Value::String(one)) => vec![one.clone()],
        Some(Value::Array(many)) => many
            .iter()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect(),
        _ => Vec::new(),
    };
    let mut variants = Vec::new();
    for key in ["anyOf", "oneOf"] {
        for variant in value
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let variant = schema(doc, Some(variant), depth + 1);
            match variant.as_object() {
                // A variant that is only a type list joins the outer one.
                Some(only) if only.len() == 1 && only.contains_key("type") => {
                    types.extend(
                        only["type"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(Value::as_str)
                            .map(String::from),
                    );
                }
                _ => variants.push(variant),
            }
        }
    }
    types.sort();
    types.dedup();
    if !types.is_empty() {
        out.insert("type".into(), json!(types));
    }
    if !variants.is_empty() {
        variants.sort_by_key(Value::to_string);
        out.insert("anyOf".into(), Value::Array(variants));
    }
    if let Some(properties) = value.get("properties").and_then(Value::as_object) {
        let properties: Map<String, Value> = properties
            .iter()
            .map(|(name, property)| (name.clone(), schema(doc, Some(property), depth + 1)))
            .collect();
        out.insert("properties".into(), Value::Object(properties));
    }
    if let Some(required) = value.get("required").and_then(Value::as_array) {
        let mut required: Vec<&str> = required.iter().filter_map(Value::as_str).collect();
        required.sort_unstable();
        if !required.is_empty() {
            out.insert("required".into(), json!(required));
        }
    }
    if let Some(items) = value.get("items") {
        out.insert("items".into(), schema(doc, Some(items), depth + 1));
    }
    for key in KEPT {
        if let Some(kept) = value.get(key) {
            out.insert(key.into(), kept.clone());
        }
    }
    Value::Object(out)
}

/// Where `actual` differs from `expected` (both [`normal`] forms, or parts
/// of them), one line each, named from `at`.
pub fn differences(expected: &Value, actual: &Value, at: &str) -> Vec<String> {
    let mut out = Vec::new();
    diff_json(expected, actual, at, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nullable_type_reads_the_same_from_both_generators() {
        let fastapi = json!({"anyOf": [{"type": "integer"}, {"type": "null"}], "title": "Age"});
        let utoipa = json!({"type": ["integer", "null"], "format": "int64"});
        let doc = json!({});
        assert_eq!(
            schema(&doc, Some(&fastapi), 0),
            schema(&doc, Some(&utoipa), 0)
        );
    }

    #[test]
    fn references_are_written_out_and_their_names_forgotten() {
        let doc = json!({"components": {"schemas": {
            "A": {"type": "object", "properties": {"x": {"type": "string"}}, "required": ["x"]}}}});
        let by_ref = json!({"$ref": "#/components/schemas/A"});
        assert_eq!(
            schema(&doc, Some(&by_ref), 0),
            json!({"type": ["object"], "properties": {"x": {"type": ["string"]}}, "required": ["x"]})
        );
    }

    #[test]
    fn a_missing_bound_is_a_difference() {
        let with = json!({"openapi": "3.1.0", "paths": {"/a": {"get": {"parameters": [
            {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}}]}}}});
        let without = json!({"openapi": "3.1.1", "paths": {"/a": {"get": {"parameters": [
            {"name": "limit", "in": "query", "schema": {"type": "integer"}}]}}}});
        let problems = differences(&normal(&with), &normal(&without), "doc");
        assert_eq!(
            problems,
            vec!["doc.paths./a.get.parameters.query limit.schema.maximum: missing"]
        );
    }
}
