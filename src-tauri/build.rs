#[path = "build/commands.rs"]
mod commands;

fn main() {
    let src = std::path::Path::new(&std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"))
        .join("src");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    commands::generate(&src, &out);
    tauri_build::build()
}
