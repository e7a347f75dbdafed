//! Embeds the rules table (`jurisdictions/`), the controllers (`controllers/`) and the letter
//! templates (`templates/`) in the binary, so that `forget` works from any directory after `cargo install --path .`.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

const EMBEDDED_DIRS: &[&str] = &["jurisdictions", "controllers", "templates"];
/// The file types embedded: rules and ledgers, and letter templates.
const EMBEDDED_EXTENSIONS: &[&str] = &["toml", "tera"];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in EMBEDDED_DIRS {
        println!("cargo::rerun-if-changed={dir}");
        collect(root, &root.join(dir), &mut files);
    }
    files.sort();

    let mut out = String::from(
        "/// Files embedded at build time: (path relative to the repository root, contents).\n",
    );
    out.push_str("pub static FILES: &[(&str, &str)] = &[\n");
    for relative in &files {
        let absolute = root.join(relative);
        writeln!(
            out,
            "    ({relative:?}, include_str!({:?})),",
            absolute.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("embedded.rs");
    fs::write(dest, out).unwrap();
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(root, &path, files);
        } else if path
            .extension()
            .is_some_and(|ext| EMBEDDED_EXTENSIONS.iter().any(|e| ext == *e))
        {
            let relative = path.strip_prefix(root).unwrap();
            files.push(
                relative
                    .to_str()
                    .expect("embedded file names are UTF-8")
                    .replace('\\', "/"),
            );
        }
    }
}
