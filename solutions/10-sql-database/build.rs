//! `sqlx::migrate!` embeds the files of `migrations/` when the crate
//! compiles. Cargo notices an edit to a file it embedded, but not a new
//! file in the folder; this tells it to rebuild when anything in
//! `migrations/` changes (what `sqlx migrate build-script` writes).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
