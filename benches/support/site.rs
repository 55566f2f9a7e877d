//! The benchmark corpus: the generated 1000-page site, shared by the benches.

use std::path::{Path, PathBuf};

/// The site's folder: `ASTC_BENCH_SITE`, or generated once into `target/bench-site-1000` by
/// `ASTC_GEN_SITE` (default `../shared/bench/gen_site.py`).
pub fn site_root() -> PathBuf {
    if let Ok(site) = std::env::var("ASTC_BENCH_SITE") {
        return PathBuf::from(site);
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = manifest.join("target/bench-site-1000");
    if !out.join("manifest.json").exists() {
        let generator = std::env::var("ASTC_GEN_SITE")
            .map(PathBuf::from)
            .unwrap_or_else(|_| manifest.join("../shared/bench/gen_site.py"));
        let status = std::process::Command::new("python3")
            .arg(&generator)
            .args(["--pages", "1000", "--ext", ".astral", "--out"])
            .arg(&out)
            .status()
            .expect("python3 runs");
        assert!(status.success(), "{} failed", generator.display());
    }
    out
}
