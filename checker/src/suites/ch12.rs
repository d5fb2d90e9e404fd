//! Chapter 12 — files and forms. FastAPI's `request_forms.tutorial001`,
//! `request_files` 001 and 002 and `request_forms_and_files.tutorial001`,
//! served by one server. Three of them answer `POST /files/`, so the server
//! moves 002 under `/multi` and the forms-and-files tutorial under
//! `/forms-and-files`; their checks name the tutorial with that prefix
//! (`request_files.tutorial002@/multi`) and the oracle mounts it there.
//! Then the workbook's own upload store, proven against its FastAPI
//! reference (`tests/oracle/apps/workbook_uploads`).
//!
//! | method | path                     | input                         | status | body |
//! |--------|--------------------------|-------------------------------|--------|------|
//! | POST   | /login/                  | form: username, password      | 200    | {"username"} |
//! | POST   | /login/                  | a field missing or empty; JSON| 422    | missing, loc ["body", name] |
//! | POST   | /files/                  | multipart: file               | 200    | {"file_size"} |
//! | POST   | /uploadfile/             | multipart: file               | 200    | {"filename"} as sent |
//! | POST   | /multi/files/            | multipart: files, files, …    | 200    | {"file_sizes": [...]} |
//! | POST   | /multi/uploadfiles/      | multipart: files, files, …    | 200    | {"filenames": [...]} |
//! | POST   | /forms-and-files/files/  | file, fileb, token            | 200    | size, token, fileb's type |
//! | POST   | any of them              | missing part; text for a file | 422    | missing; value_error |
//! | POST   | /files/                  | no boundary; broken body      | 400    | FastAPI's detail |
//! | POST   | /uploads/                | multipart: file               | 201    | {"filename", "size", "sha256"} |
//! | GET    | /uploads/, /uploads/{n}  | —                             | 200    | the names; the bytes |
//! | POST   | /uploads/                | a 50 MB file                  | 201    | streamed: memory stays low |
//! | POST   | /uploads/                | over 50 MiB                   | 413    | {"detail":"File too large"} |
//!
//! What the checker cannot see: where on disk a file went (only what the
//! server answers), and the memory of a server it did not start (`--url`:
//! 12.13 fails saying so) or on a system without Linux's `/proc` (12.13
//! then checks the size and hash only). The solution's own test proves the
//! streaming there: half a file sent, the first chunks seen on disk, then
//! the rest.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::fastapi::{self, loc};
use crate::harness::http::Part;
use crate::harness::session::Session;
use crate::seed::Rng;
use crate::suite::{Chapter, Check, Needs, Oracle, Step, get, peak_memory, post, verify};

const FORMS: Oracle = Oracle::FastApi("request_forms.tutorial001");
const FILES: Oracle = Oracle::FastApi("request_files.tutorial001");
const MULTI: Oracle = Oracle::FastApi("request_files.tutorial002@/multi");
const BOTH: Oracle = Oracle::FastApi("request_forms_and_files.tutorial001@/forms-and-files");
const UPLOADS: Oracle = Oracle::FastApi("workbook_uploads.tutorial001");

/// The store's limit: 50 MiB.
const MAX_UPLOAD: usize = 50 * 1024 * 1024;
/// The big file: 50 MB, under the limit.
const BIG: usize = 50_000_000;
/// How much a 50 MB upload may raise the server's peak memory.
const MEMORY_BUDGET_MIB: f64 = 25.0;

/// `len` random bytes.
fn bytes(rng: &mut Rng, len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        out.extend_from_slice(&rng.next_u64().to_le_bytes());
    }
    out.truncate(len);
    out
}

/// A small random file: its bytes.
fn small_file(rng: &mut Rng) -> Vec<u8> {
    let len = rng.int(1, 5000) as usize;
    bytes(rng, len)
}

fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// FastAPI's answer when a text part comes where an `UploadFile` must.
fn not_a_file(loc: Value, text: &str) -> Value {
    fastapi::item_with_ctx(
        "value_error",
        loc,
        "Value error, Expected UploadFile, received: <class 'str'>",
        json!(text),
        json!({"error": {}}),
    )
}

/// `POST /uploads/` with one file part, `file`, named `name`.
fn upload(name: &str, content: &[u8]) -> Step {
    post("/uploads/").send_multipart(&[Part::file(
        "file",
        name,
        "application/octet-stream",
        content,
    )])
}

fn missing_body(name: &str) -> Value {
    fastapi::missing(loc("body", name), Value::Null)
}

pub fn chapter() -> Chapter {
    Chapter {
        number: 12,
        slug: "files-and-forms",
        title: "Files and forms",
        needs: Needs::NOTHING,
        checks: vec![
            Check {
                id: "12.1",
                title: "POST /login/ reads a form and answers the username, never the password",
                points: 1,
                oracle: FORMS,
                hint: "take a form body (`application/x-www-form-urlencoded`) with `username` and \
                       `password`, and answer {\"username\": …} only",
                read: "Form fields",
                steps: |rng| {
                    let (user, password) = (rng.word(7), rng.word(10));
                    let other = rng.word(5);
                    vec![
                        post("/login/")
                            .send_form(&[("username", &user), ("password", &password)])
                            .json(json!({"username": user})),
                        // A repeated field keeps its last value, as in FastAPI.
                        post("/login/")
                            .send_form(&[
                                ("username", &other),
                                ("password", &password),
                                ("username", &user),
                            ])
                            .json(json!({"username": user})),
                    ]
                },
            },
            Check {
                id: "12.2",
                title: "a missing or empty form field answers 422 missing, loc [\"body\", name], \
                        every one listed",
                points: 2,
                oracle: FORMS,
                hint: "read the form with `fastapi_errors::Form`, whose `loc` starts with \"body\"; \
                       FastAPI counts an empty field as missing",
                read: "When a field is missing",
                steps: |rng| {
                    let (user, password) = (rng.word(7), rng.word(10));
                    vec![
                        post("/login/")
                            .send_form(&[("username", &user)])
                            .status(422)
                            .json(fastapi::detail(vec![missing_body("password")])),
                        post("/login/")
                            .send_form(&[("username", ""), ("password", &password)])
                            .status(422)
                            .json(fastapi::detail(vec![missing_body("username")])),
                        post("/login/")
                            .send_form(&[])
                            .status(422)
                            .json(fastapi::detail(vec![
                                missing_body("username"),
                                missing_body("password"),
                            ])),
                    ]
                },
            },
            Check {
                id: "12.3",
                title: "a body that is not a form (JSON) answers 422 with every field missing, not 415",
                points: 1,
                oracle: FORMS,
                hint: "axum's `Form` rejects other content types with 415; FastAPI finds no \
                       fields and lists each as missing",
                read: "When a field is missing",
                steps: |rng| {
                    let user = rng.word(7);
                    vec![
                        post("/login/")
                            .send_json(json!({"username": user, "password": "secret"}))
                            .status(422)
                            .json(fastapi::detail(vec![
                                missing_body("username"),
                                missing_body("password"),
                            ])),
                    ]
                },
            },
            Check {
                id: "12.4",
                title: "POST /files/ answers a file's size; POST /uploadfile/ its filename as sent",
                points: 2,
                oracle: FILES,
                hint: "take axum's `Multipart` and read the part named `file`: its bytes' length \
                       for /files/, its `file_name()` for /uploadfile/",
                read: "Uploading a file",
                steps: |rng| {
                    let content = small_file(rng);
                    let name = format!("{}.bin", rng.word(6));
                    let odd = format!("../{} {}.txt", rng.word(4), rng.pick(&["é", "ü", "ñ"]));
                    vec![
                        post("/files/")
                            .send_multipart(&[Part::file(
                                "file",
                                &name,
                                "application/octet-stream",
                                &content,
                            )])
                            .json(json!({"file_size": content.len()})),
                        post("/uploadfile/")
                            .send_multipart(&[Part::file("file", &name, "text/plain", &content)])
                            .json(json!({"filename": name})),
                        // Nothing is stored here, so the name comes back untouched.
                        post("/uploadfile/")
                            .send_multipart(&[Part::file("file", &odd, "text/plain", &content)])
                            .json(json!({"filename": odd})),
                    ]
                },
            },
            Check {
                id: "12.5",
                title: "no file answers 422 missing; text where an UploadFile belongs answers \
                        422 value_error",
                points: 2,
                oracle: FILES,
                hint: "collect the parts first, then look for `file` by name: absent is \
                       `missing`; a part without a filename is text, which \
                       `fastapi_errors::not_a_file` reports",
                read: "When a file is missing",
                steps: |rng| {
                    let text = rng.word(8);
                    let content = small_file(rng);
                    vec![
                        post("/files/")
                            .send_multipart(&[Part::file("other", "a.bin", "text/plain", &content)])
                            .status(422)
                            .json(fastapi::detail(vec![missing_body("file")])),
                        post("/uploadfile/")
                            .send_multipart(&[Part::field("note", &text)])
                            .status(422)
                            .json(fastapi::detail(vec![missing_body("file")])),
                        post("/uploadfile/")
                            .send_multipart(&[Part::field("file", &text)])
                            .status(422)
                            .json(fastapi::detail(vec![not_a_file(
                                loc("body", "file"),
                                &text,
                            )])),
                        post("/files/")
                            .send_json(json!({"file": text}))
                            .status(422)
                            .json(fastapi::detail(vec![missing_body("file")])),
                    ]
                },
            },
            Check {
                id: "12.6",
                title: "several files under one name: every size and every filename, in order",
                points: 2,
                oracle: MULTI,
                hint: "keep every part named `files`, in the order they came",
                read: "Several files",
                steps: |rng| {
                    let count = rng.int(2, 4) as usize;
                    let files: Vec<(String, Vec<u8>)> = (0..count)
                        .map(|_| (format!("{}.dat", rng.word(5)), small_file(rng)))
                        .collect();
                    let parts: Vec<Part> = files
                        .iter()
                        .map(|(name, content)| {
                            Part::file("files", name, "application/octet-stream", content)
                        })
                        .collect();
                    let sizes: Vec<usize> = files.iter().map(|(_, c)| c.len()).collect();
                    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
                    vec![
                        post("/multi/files/")
                            .send_multipart(&parts)
                            .json(json!({"file_sizes": sizes})),
                        post("/multi/uploadfiles/")
                            .send_multipart(&parts)
                            .json(json!({"filenames": names})),
                    ]
                },
            },
            Check {
                id: "12.7",
                title: "several files: none answers 422 missing; a text part answers value_error \
                        at its index",
                points: 1,
                oracle: MULTI,
                hint: "a list's error `loc` ends with the index: [\"body\", \"files\", 1]",
                read: "Several files",
                steps: |rng| {
                    let text = rng.word(6);
                    let content = small_file(rng);
                    vec![
                        post("/multi/uploadfiles/")
                            .send_multipart(&[Part::field("other", &text)])
                            .status(422)
                            .json(fastapi::detail(vec![missing_body("files")])),
                        post("/multi/files/")
                            .send_multipart(&[Part::field("other", &text)])
                            .status(422)
                            .json(fastapi::detail(vec![missing_body("files")])),
                        post("/multi/uploadfiles/")
                            .send_multipart(&[
                                Part::file("files", "a.txt", "text/plain", &content),
                                Part::field("files", &text),
                            ])
                            .status(422)
                            .json(fastapi::detail(vec![not_a_file(
                                json!(["body", "files", 1]),
                                &text,
                            )])),
                    ]
                },
            },
            Check {
                id: "12.8",
                title: "files and a form field in one body: size, token and the file's content type",
                points: 2,
                oracle: BOTH,
                hint: "one multipart body holds `file`, `fileb` and `token`; answer \
                       fileb's `content_type()` as the client sent it",
                read: "Files and fields together",
                steps: |rng| {
                    let file = small_file(rng);
                    let fileb = small_file(rng);
                    let token = rng.word(12);
                    let kind = *rng.pick(&["image/png", "application/pdf", "text/csv"]);
                    vec![
                        // The parts in another order than the tutorial names them.
                        post("/forms-and-files/files/")
                            .send_multipart(&[
                                Part::field("token", &token),
                                Part::file("fileb", "b.bin", kind, &fileb),
                                Part::file("file", "a.bin", "application/octet-stream", &file),
                            ])
                            .json(json!({
                                "file_size": file.len(),
                                "token": token,
                                "fileb_content_type": kind,
                            })),
                    ]
                },
            },
            Check {
                id: "12.9",
                title: "files and a form field: every missing part listed, in the handler's order",
                points: 2,
                oracle: BOTH,
                hint: "look for all three by name before answering, and list the errors as \
                       FastAPI declares them: file, fileb, token",
                read: "Files and fields together",
                steps: |rng| {
                    let file = small_file(rng);
                    let token = rng.word(12);
                    vec![
                        post("/forms-and-files/files/")
                            .send_multipart(&[Part::field("other", &token)])
                            .status(422)
                            .json(fastapi::detail(vec![
                                missing_body("file"),
                                missing_body("fileb"),
                                missing_body("token"),
                            ])),
                        post("/forms-and-files/files/")
                            .send_multipart(&[
                                Part::field("token", ""),
                                Part::file("file", "a.bin", "text/plain", &file),
                            ])
                            .status(422)
                            .json(fastapi::detail(vec![
                                missing_body("fileb"),
                                missing_body("token"),
                            ])),
                    ]
                },
            },
            Check {
                id: "12.10",
                title: "a multipart body without a boundary, or broken, answers FastAPI's 400",
                points: 1,
                oracle: FILES,
                hint: "axum's `Multipart` rejection and `next_field` errors: answer 400 with \
                       FastAPI's detail, \"Missing boundary in multipart.\" or \"Invalid \
                       multipart data.\"",
                read: "When the body is not multipart",
                steps: |rng| {
                    let junk = rng.word(20);
                    vec![
                        post("/files/")
                            .send_raw(Some("multipart/form-data"), &junk)
                            .status(400)
                            .json(json!({"detail": "Missing boundary in multipart."})),
                        post("/files/")
                            .send_raw(Some("multipart/form-data; boundary=xyz"), &junk)
                            .status(400)
                            .json(json!({"detail": "Invalid multipart data."})),
                    ]
                },
            },
            Check {
                id: "12.11",
                title: "POST /uploads/ stores a file (201, size, sha256); GET lists it and sends it back",
                points: 2,
                oracle: UPLOADS,
                hint: "write the part to uploads/ chunk by chunk with `field.chunk()`, hashing as \
                       you go (sha2); answer 201",
                read: "Storing uploads on disk",
                steps: |rng| {
                    let content = small_file(rng);
                    let name = format!("{}.bin", rng.word(8));
                    vec![
                        upload(&name, &content)
                            .status(201)
                            .json(json!({
                                "filename": name,
                                "size": content.len(),
                                "sha256": sha256_hex(&content),
                            }))
                            .save("stored", "/filename"),
                        get(format!("/uploads/{name}"))
                            .header_is("content-type", "application/octet-stream")
                            .body_is(&content),
                        get("/uploads/")
                            .json(json!({"filenames": "<<any>>"}))
                            .save("names", "/filenames"),
                        verify("GET /uploads/ lists the stored file", listed),
                        get("/uploads/does-not-exist.bin")
                            .status(404)
                            .json(json!({"detail": "File not found"})),
                        post("/uploads/")
                            .send_multipart(&[Part::field("name", &name)])
                            .status(422)
                            .json(fastapi::detail(vec![missing_body("file")])),
                    ]
                },
            },
            Check {
                id: "12.12",
                title: "a filename with ../ is stored under a safe name; a path that climbs out is 404",
                points: 3,
                oracle: UPLOADS,
                hint: "keep only what follows the last / or \\, replace every character but \
                       A-Z a-z 0-9 . _ - with _, strip leading dots; never join an unchecked \
                       name onto a path",
                read: "Filenames are input too",
                steps: |rng| {
                    let content = small_file(rng);
                    let word = rng.word(7);
                    let odd = rng.word(5);
                    let created = |name: &str, content: &[u8]| json!({"filename": name, "size": content.len(), "sha256": sha256_hex(content)});
                    let file = |name: &str| upload(name, &content);
                    vec![
                        file(&format!("../../{word}.txt"))
                            .status(201)
                            .json(created(&format!("{word}.txt"), &content)),
                        get(format!("/uploads/{word}.txt")).body_is(&content),
                        file(&format!("..\\..\\{word}.ini"))
                            .status(201)
                            .json(created(&format!("{word}.ini"), &content)),
                        file(&format!(".{odd} copy (1).txt"))
                            .status(201)
                            .json(created(&format!("{odd}_copy__1_.txt"), &content)),
                        file("..")
                            .status(400)
                            .json(json!({"detail": "Invalid filename"})),
                        // FastAPI's router does not match the %2F; a server
                        // that does must still refuse to look outside.
                        get(format!("/uploads/{}etc%2Fpasswd", "..%2F".repeat(12)))
                            .status(404)
                            .json(json!({"detail": "<<string>>"})),
                        get("/uploads/%2E%2E")
                            .status(404)
                            .json(json!({"detail": "File not found"})),
                    ]
                },
            },
            Check {
                id: "12.13",
                title: "a 50 MB upload is streamed to disk: the server's memory stays low",
                points: 3,
                oracle: UPLOADS,
                hint: "never `field.bytes()` a big file: loop on `field.chunk()` and write each \
                       chunk to the file as it comes; raise the route's `DefaultBodyLimit`",
                read: "Big files, small memory",
                steps: |rng| {
                    let content = bytes(rng, BIG);
                    let name = format!("{}.iso", rng.word(8));
                    vec![
                        peak_memory("before"),
                        upload(&name, &content).status(201).json(json!({
                            "filename": name,
                            "size": BIG,
                            "sha256": sha256_hex(&content),
                        })),
                        peak_memory("after"),
                        verify(
                            "the upload raised the server's peak memory by less than 25 MiB",
                            memory_stayed_low,
                        ),
                    ]
                },
            },
            Check {
                id: "12.14",
                title: "a file over 50 MiB answers 413 {\"detail\":\"File too large\"} and is not kept",
                points: 2,
                oracle: UPLOADS,
                hint: "count the bytes as you write them; past 50 MiB delete the partial file and \
                       answer 413; a body over the route's `DefaultBodyLimit` is a 413 too",
                read: "A limit, and FastAPI's answer to it",
                steps: |rng| {
                    let name = format!("{}.iso", rng.word(8));
                    let content = vec![b'x'; MAX_UPLOAD + 1];
                    vec![
                        upload(&name, &content)
                            .status(413)
                            .json(json!({"detail": "File too large"})),
                        get(format!("/uploads/{name}"))
                            .status(404)
                            .json(json!({"detail": "File not found"})),
                    ]
                },
            },
        ],
    }
}

/// The list of names holds the one the upload answered.
fn listed(session: &Session) -> Vec<String> {
    let (Some(stored), Some(names)) = (session.get("stored"), session.get("names")) else {
        return vec!["nothing to compare: an earlier step did not answer".to_string()];
    };
    match names.as_array() {
        Some(names) if names.contains(stored) => Vec::new(),
        _ => vec![format!(
            "GET /uploads/ answered filenames {names}, without {stored}"
        )],
    }
}

/// The peak memory after the 50 MB upload is within the budget of the peak
/// before it. Where the system does not tell (no `/proc`), nothing is
/// claimed either way.
fn memory_stayed_low(session: &Session) -> Vec<String> {
    let (Some(before), Some(after)) = (session.number("before"), session.number("after")) else {
        return Vec::new();
    };
    let grew = after - before;
    if grew < MEMORY_BUDGET_MIB {
        return Vec::new();
    }
    vec![format!(
        "the server's peak memory grew by {grew:.1} MiB during a 50 MB upload \
         ({before:.1} MiB before, {after:.1} MiB after; at most {MEMORY_BUDGET_MIB} MiB allowed): \
         it held the file, or much of it, in memory"
    )]
}
