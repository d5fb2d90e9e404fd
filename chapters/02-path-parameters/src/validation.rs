//! FastAPI's answer to bad input: `422 {"detail": [ ... ]}`, one item per
//! problem. This module will own that shape, so every handler reports bad
//! input the same way:
//!
//! ```text
//! {"detail":[{"type":"int_parsing","loc":["path","item_id"],
//!             "msg":"Input should be a valid integer, unable to parse string as an integer",
//!             "input":"foo"}]}
//! ```

// TODO(ch02): define `ErrorItem` (one entry of `detail`: `type`, `loc`, `msg`,
// `input`, and `ctx` only when there is one), a `loc("path", "item_id")`
// helper, and `ValidationErrors` (a list of ErrorItems) whose `IntoResponse`
// answers 422 with `{"detail": [...]}`. Then `parse_int(loc, raw)`, which
// gives an `i64` or the `int_parsing` ErrorItem.
// Book: 02 · Path parameters › "When the value is not a number"

// TODO(ch02): add the `enum` error for a value that is not one of a fixed
// set of names: msg "Input should be 'a', 'b' or 'c'", and the same list in
// `ctx.expected`.
// Book: 02 · Path parameters › "A fixed set of values"
