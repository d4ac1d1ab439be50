//! Queries the bundled example schema (`schema.sql`: planets and moons) through PostgREST.
//!
//! Run it with `scripts/demo`, which starts PostgreSQL and PostgREST on that schema and sets
//! `SUPABASE_URL` and `SUPABASE_KEY` for this program.

use serde::Deserialize;
use serde_json::json;
use supabase_core::{Client, CountMethod, Error, Order};

#[derive(Debug, Deserialize)]
struct Planet {
    name: String,
    kind: String,
    moons: Vec<Moon>,
}

#[derive(Debug, Deserialize)]
struct Moon {
    name: String,
    radius_km: i32,
}

#[derive(Debug, Deserialize)]
struct Sighting {
    id: i64,
    observer: String,
    note: Option<String>,
}

#[tokio::main]
async fn main() {
    if let Err(err) = run().await {
        eprintln!("demo failed: {err}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), Error> {
    let url = std::env::var("SUPABASE_URL").unwrap_or_else(|_| "http://127.0.0.1:54321".into());
    let key = std::env::var("SUPABASE_KEY").unwrap_or_default();
    let client = Client::new(&url, key)?;
    println!("project: {url}");

    // 1. Giants with their moons, biggest moons first, counted.
    let giants = client
        .from("planets")
        .select("name, kind, moons(name, radius_km)")
        .count(CountMethod::Exact)
        .ilike("kind", "%giant")
        .order("name", Order::asc())
        .order("radius_km", Order::desc().referenced_table("moons"))
        .execute::<Vec<Planet>>()
        .await?;
    println!("\n{} giant planets:", giants.count.unwrap_or(0));
    for planet in &giants.data {
        let moons: Vec<String> = planet
            .moons
            .iter()
            .map(|m| format!("{} ({} km)", m.name, m.radius_km))
            .collect();
        println!(
            "  {:<8} {:<10} moons: {}",
            planet.name,
            planet.kind,
            moons.join(", ")
        );
    }

    // 2. Exactly one row, and zero-or-one.
    let earth: serde_json::Value = client
        .from("planets")
        .select("name, mass_earths, tags")
        .eq("name", "Earth")
        .single()
        .execute()
        .await?
        .data;
    println!("\nsingle(): {earth}");
    let vulcan: Option<serde_json::Value> = client
        .from("planets")
        .select("name")
        .eq("name", "Vulcan")
        .maybe_single()
        .execute()
        .await?
        .data;
    println!("maybe_single() for Vulcan: {vulcan:?}");

    // 3. Array filters and a list with a value that needs quoting.
    let rocky: Vec<serde_json::Value> = client
        .from("planets")
        .select("name")
        .contains("tags", vec!["rocky"])
        .not_()
        .in_("name", ["Mercury", "Planet, X"])
        .order("name", Order::asc())
        .execute()
        .await?
        .data;
    println!("\nrocky but not Mercury: {}", json!(rocky));

    // 4. Functions: a set-returning one over GET, a scalar one over POST.
    let heavy: Vec<serde_json::Value> = client
        .rpc("heaviest_planets", json!({ "n": 2 }))
        .get()
        .select("name")
        .execute()
        .await?
        .data;
    println!("\nrpc heaviest_planets(2): {}", json!(heavy));
    let jupiter_moons: i32 = client
        .rpc("moon_count", json!({ "planet": "Jupiter" }))
        .execute()
        .await?
        .data;
    println!("rpc moon_count('Jupiter'): {jupiter_moons}");

    // 5. Write, read back, delete.
    let inserted: Vec<Sighting> = client
        .from("sightings")
        .insert(json!([{ "planet_id": 4, "observer": "demo", "note": "red dot" }]))
        .select("id, observer, note")
        .execute()
        .await?
        .data;
    println!("\ninserted: {inserted:?}");
    if let Some(row) = inserted.first() {
        let deleted = client
            .from("sightings")
            .delete()
            .eq("id", row.id)
            .count(CountMethod::Exact)
            .execute::<()>()
            .await?;
        println!(
            "deleted {} row(s) of observer {:?} (note {:?})",
            deleted.count.unwrap_or(0),
            row.observer,
            row.note
        );
    }

    // 6. CSV, and a server error with everything PostgREST said.
    let csv: String = client
        .from("planets")
        .select("name, mass_earths")
        .lt("mass_earths", 0.2)
        .order("mass_earths", Order::asc())
        .csv()
        .execute()
        .await?
        .data;
    println!("\ncsv():\n{csv}");
    match client
        .from("planets")
        .select("no_such_column")
        .execute::<serde_json::Value>()
        .await
    {
        Err(Error::Postgrest(e)) => println!(
            "\nan error, kept whole: status {} code {:?} message {:?} hint {:?}",
            e.status, e.code, e.message, e.hint
        ),
        other => println!("\nunexpected: {other:?}"),
    }
    Ok(())
}
