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
    println!("Talking to the project at {url} with the untyped query builder.");

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
    println!(
        "\n1. One GET asked for planets whose kind ends in \"giant\", with their moons embedded \
         (biggest first) and an exact count in the Content-Range header. The server counted {}:",
        giants.count.unwrap_or(0)
    );
    for planet in &giants.data {
        let moons: Vec<String> = planet
            .moons
            .iter()
            .map(|m| format!("{} ({} km)", m.name, m.radius_km))
            .collect();
        let moons = if moons.is_empty() {
            "no moons in the example data".to_owned()
        } else {
            format!("moons {}", moons.join(", "))
        };
        println!(
            "   - {} is a {}; {}.",
            planet.name,
            planet.kind.replace('_', " "),
            moons
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
    println!(
        "\n2. single() asks for exactly one row (Accept: application/vnd.pgrst.object+json): \
         Earth is {} Earth masses, tagged {}.",
        earth["mass_earths"], earth["tags"]
    );
    let vulcan: Option<serde_json::Value> = client
        .from("planets")
        .select("name")
        .eq("name", "Vulcan")
        .maybe_single()
        .execute()
        .await?
        .data;
    match vulcan {
        Some(row) => println!("   maybe_single() found Vulcan: {row}."),
        None => println!("   maybe_single() for Vulcan found no row, which is not an error."),
    }

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
    let names: Vec<&str> = rocky.iter().filter_map(|r| r["name"].as_str()).collect();
    println!(
        "\n3. Array containment (tags @> {{rocky}}) and a negated list whose value holds a comma \
         (quoted on the wire as \"Planet, X\"): {}.",
        names.join(", ")
    );

    // 4. Functions: a set-returning one over GET, a scalar one over POST.
    let heavy: Vec<serde_json::Value> = client
        .rpc("heaviest_planets", json!({ "n": 2 }))
        .get()
        .select("name")
        .execute()
        .await?
        .data;
    let names: Vec<&str> = heavy.iter().filter_map(|r| r["name"].as_str()).collect();
    println!(
        "\n4. A set-returning SQL function called with GET (its arguments in the query string): \
         the two heaviest planets are {}.",
        names.join(" and ")
    );
    let jupiter_moons: i32 = client
        .rpc("moon_count", json!({ "planet": "Jupiter" }))
        .execute()
        .await?
        .data;
    println!(
        "   A scalar function called with POST (its arguments as a JSON body): \
         Jupiter has {jupiter_moons} moons in the example data."
    );

    // 5. Write, read back, delete.
    let inserted: Vec<Sighting> = client
        .from("sightings")
        .insert(json!([{ "planet_id": 4, "observer": "demo", "note": "red dot" }]))
        .select("id, observer, note")
        .execute()
        .await?
        .data;
    for row in &inserted {
        println!(
            "\n5. An insert with Prefer: return=representation came back as row {} by {} ({}).",
            row.id,
            row.observer,
            row.note.as_deref().unwrap_or("no note")
        );
    }
    if let Some(row) = inserted.first() {
        let deleted = client
            .from("sightings")
            .delete()
            .eq("id", row.id)
            .count(CountMethod::Exact)
            .execute::<()>()
            .await?;
        println!(
            "   Deleting it by id with an exact count removed {} row.",
            deleted.count.unwrap_or(0)
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
    println!("\n6. The same kind of select as CSV (Accept: text/csv), planets lighter than 0.2 Earth masses:");
    for line in csv.lines() {
        println!("   {line}");
    }
    match client
        .from("planets")
        .select("no_such_column")
        .execute::<serde_json::Value>()
        .await
    {
        Err(Error::Postgrest(e)) => println!(
            "\n7. Selecting a column that does not exist fails on the server, and the error keeps \
             everything it said: HTTP {}, code {}, \"{}\"{}.",
            e.status,
            e.code.as_deref().unwrap_or("(none)"),
            e.message,
            e.hint
                .as_deref()
                .map(|h| format!(", hint \"{h}\""))
                .unwrap_or_default()
        ),
        Err(other) => println!("\n7. Expected a PostgREST error, got another error: {other}"),
        Ok(_) => println!("\n7. Expected a PostgREST error, but the select succeeded"),
    }
    Ok(())
}
