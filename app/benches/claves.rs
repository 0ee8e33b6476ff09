//! Throughput of CS hashing through the bounded hasher, the cost that sizes the server:
//! `cargo bench -p app --features ssr --bench claves`. Figures live in docs/rendimiento.md.

use app::backend::claves::Hasheador;
use std::time::Instant;

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let nucleos = std::thread::available_parallelism().map(usize::from).unwrap_or(2);
    let hasheador = Hasheador::new(nucleos);
    let hash = rt.block_on(hasheador.hashear("Pehuen2026")).expect("hash");

    for concurrentes in [1, nucleos, 8 * nucleos] {
        let total = 4 * concurrentes.max(8);
        let inicio = Instant::now();
        rt.block_on(async {
            let tareas: Vec<_> = (0..total)
                .map(|_| {
                    let (h, hash) = (hasheador.clone(), hash.clone());
                    tokio::spawn(async move { h.verificar("Pehuen2026", Some(hash)).await })
                })
                .collect();
            for t in tareas {
                assert!(t.await.expect("task").expect("verify"));
            }
        });
        let segundos = inicio.elapsed().as_secs_f64();
        // Each verification holds one core; more callers than cores queue at the semaphore.
        let en_paralelo = concurrentes.min(nucleos) as f64;
        println!(
            "argon2id verify, {concurrentes:>2} callers: {:>6.1} ms of CPU each, {:>5.1} per second ({total} in {segundos:.2} s)",
            1000.0 * segundos * en_paralelo / total as f64,
            total as f64 / segundos
        );
    }

    let ruts = ["12.345.678-5", "123456785", "60803000-K", "11111111-1"];
    let vueltas = 1_000_000;
    let inicio = Instant::now();
    for i in 0..vueltas {
        std::hint::black_box(cs_domain::rut::Rut::parse(ruts[i % ruts.len()]).is_ok());
    }
    println!("Rut::parse: {:.0} ns each", inicio.elapsed().as_nanos() as f64 / vueltas as f64);
}
