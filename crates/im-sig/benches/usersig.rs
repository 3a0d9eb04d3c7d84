//! Generation and verification cost per UserSig, stored and deflate forms.
//!
//! Run with `cargo bench -p im-sig`.
#![allow(
    missing_docs,
    reason = "criterion_group! generates an undocumented public fn"
)]

use criterion::{Criterion, criterion_group, criterion_main};
use im_sig::{Compression, GenerateOptions, Privileges, Room, SecretKey, Signer};
use std::hint::black_box;

const KEY: &str = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
const NOW: u64 = 1_700_000_000;

fn bench(c: &mut Criterion) {
    let signer = Signer::new(1_400_000_000, SecretKey::new(KEY));
    for (name, compression) in [
        ("stored", Compression::Stored),
        ("deflate6", Compression::Deflate(6)),
    ] {
        let opts = GenerateOptions::new().with_compression(compression);
        c.bench_function(&format!("generate/{name}"), |b| {
            b.iter(|| {
                signer
                    .generate_with(black_box("administrator"), 86_400, NOW, &opts)
                    .unwrap()
            })
        });
        let sig = signer
            .generate_with("administrator", 86_400, NOW, &opts)
            .unwrap();
        c.bench_function(&format!("verify/{name}"), |b| {
            b.iter(|| {
                signer
                    .verify_at(black_box("administrator"), black_box(sig.as_str()), NOW)
                    .unwrap()
            })
        });
    }
    c.bench_function("private_map_key/stored", |b| {
        b.iter(|| {
            signer
                .private_map_key_at(
                    black_box("xiaojun"),
                    86_400,
                    &Room::Numeric(10_000),
                    Privileges::ALL,
                    NOW,
                )
                .unwrap()
        })
    });
    let sig = signer.generate_at("administrator", 86_400, NOW).unwrap();
    c.bench_function("decode/stored", |b| {
        b.iter(|| im_sig::decode(black_box(sig.as_str())).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
