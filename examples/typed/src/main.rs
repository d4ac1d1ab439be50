//! Typed queries on the planets schema, three ways: the typed builder on the types
//! `supabase-codegen` generates from `supabase/migrations` (in `build.rs`), `query!` checked at
//! compile time against `supabase/schema.json`, and a typed RPC call.
//!
//! Run it with `scripts/demo`, which starts PostgreSQL and PostgREST on `supabase/roles.sql`, the
//! migrations and `supabase/seed.sql`, and sets `SUPABASE_URL`, `SUPABASE_KEY` and
//! `SUPABASE_SERVICE_KEY` for this program. After changing a migration, refresh the snapshot
//! `query!` reads with:
//!
//! ```text
//! cargo run -p supabase-codegen -- dump --migrations-dir examples/typed/supabase/migrations \
//!     --out examples/typed/supabase/schema.json
//! ```

#[allow(missing_docs, dead_code, unreachable_pub, clippy::all)]
mod schema {
    include!(concat!(env!("OUT_DIR"), "/supabase_schema.rs"));
}

use schema::public::{functions, moons, planets, sightings, PlanetKind};
use supabase_core::{query, Client, CountMethod, Error, Order};

#[tokio::main]
async fn main() {
    if let Err(err) = run().await {
        eprintln!("typed example failed: {err}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), Error> {
    let url = std::env::var("SUPABASE_URL").unwrap_or_else(|_| "http://127.0.0.1:54321".into());
    let key = std::env::var("SUPABASE_SERVICE_KEY").unwrap_or_default();
    let client = Client::new(url, key)?;

    // 1. The typed builder on generated types: columns and values are checked by the compiler.
    let giants = client
        .from_table::<planets::Row>()
        .select()
        .in_(
            planets::columns::kind,
            [PlanetKind::GasGiant, PlanetKind::IceGiant],
        )
        .contains(planets::columns::tags, ["giant"])
        .order(planets::columns::mass_earths, Order::desc())
        .count(CountMethod::Exact)
        .execute()
        .await?;
    println!(
        "1. The typed builder on generated types: the compiler checked that `kind` takes a \
         PlanetKind and `tags` an array of text, then one GET went out. {} giant planets, \
         heaviest first:",
        giants.count.unwrap_or(giants.data.len() as u64)
    );
    for p in &giants.data {
        println!("   - {} weighs {} Earth masses.", p.name, p.mass_earths);
    }

    // 2. query!: SQL checked against supabase/schema.json at compile time, lowered to the same
    //    PostgREST request the builder would send (a join becomes an embed).
    let min_radius = 1000;
    let big_moons = query!(
        client,
        "select m.name, m.radius_km, p.name as planet
         from moons m join planets p on p.id = m.planet_id
         where m.radius_km > $1
         order by m.radius_km desc",
        min_radius
    )
    .execute()
    .await?
    .data;
    println!(
        "\n2. query!: the SQL was checked against supabase/schema.json when this program was \
         compiled (columns, the join's foreign key, the type of $1) and became one GET with the \
         planet embedded. Moons wider than {min_radius} km:"
    );
    for m in &big_moons {
        println!(
            "   - {} is {} km across and orbits {}.",
            m.name, m.radius_km, m.p.planet
        );
    }

    // 3. A write with the generated Insert type, read back with RETURNING through query!.
    let note = "rings visible".to_owned();
    let saturn_id = giants
        .data
        .iter()
        .find(|p| p.name == "Saturn")
        .map(|p| p.id)
        .unwrap_or(6);
    client
        .from_table::<sightings::Row>()
        .insert(sightings::Insert {
            planet_id: saturn_id,
            observer: "ada".into(),
            note: Some(note.clone()),
            seen_at: None,
        })
        .execute()
        .await?;
    let seen = query!(
        client,
        "select observer, note from sightings where note = {note}"
    )
    .execute()
    .await?
    .data;
    println!(
        "\n3. A generated Insert type wrote a sighting (a POST), and query! read it back by its \
         note: {} sighting(s) say \"{note}\".",
        seen.len()
    );

    // 4. A typed RPC call: the argument struct names the function and its result type.
    let count = client
        .call(functions::MoonCountArgs {
            planet: "Jupiter".into(),
        })
        .get()
        .execute()
        .await?
        .data;
    println!(
        "\n4. A typed RPC: the generated argument struct names the function and its result type, \
         and the function is STABLE, so .get() compiled and the call went out as a GET. Jupiter \
         has {} moons in the seed data.",
        count.unwrap_or(0)
    );

    let moons_of_mars = client
        .from_table::<moons::Row>()
        .select()
        .eq(moons::columns::planet_id, 4_i64)
        .execute()
        .await?
        .data;
    let names: Vec<&str> = moons_of_mars.iter().map(|m| m.name.as_str()).collect();
    println!(
        "   Filtering moons by a typed column handle finds {} for Mars: {}.",
        moons_of_mars.len(),
        names.join(" and ")
    );
    Ok(())
}
