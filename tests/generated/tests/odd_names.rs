//! The code generated for names that do not fit Rust
//! (`supabase-codegen/tests/fixtures/odd-names/0001_odd_names.sql`: `"zip code"`, `"e-mail"`, `"userId"` next to `user_id`, `"order"`, `"名前"`,
//! `"Line-Items"` next to `line_items`, …) reads and writes every table through the real
//! PostgREST 12: inserts, filters on every odd column, order, upsert with `on_conflict`, update,
//! delete, the view, and both colliding functions. Every request names the real columns, quoted
//! as PostgREST reads them.
//!
//! PostgREST here exposes only the schema `odd_names` (its own server, on the test database).
//! Run: `cargo test -p generated-fixture --test odd_names`.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::sync::OnceLock;

use generated_fixture::odd::odd_names::{
    functions, line_items, line_items_2, order, user_profiles, zip_codes, MoodKind,
};
use supabase_core::{Client, Order, Table};
use supabase_tests::postgrest::Postgrest;
use supabase_tests::proxy::{Gateway, Route};
use supabase_tests::{jwt, Watchdog};

struct Odd {
    url: String,
    key: String,
    _servers: (Watchdog, Postgrest, Gateway),
}

/// The odd schema loaded into the test database, and a service-role client for a PostgREST
/// exposing it.
fn client() -> Client {
    static ODD: OnceLock<Odd> = OnceLock::new();
    let odd = ODD.get_or_init(|| {
        let db = supabase_tests::database();
        let sql = supabase_tests::tools::repo_root()
            .join("supabase-codegen/tests/fixtures/odd-names/0001_odd_names.sql");
        db.psql_file(&sql).unwrap();
        let dir = std::env::temp_dir().join(format!("odd-names-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let watchdog = Watchdog::start(&dir).unwrap();
        let secret = jwt::TEST_JWT_SECRET;
        let postgrest =
            Postgrest::start_with_schemas(&dir, db, secret, "odd_names", &watchdog).unwrap();
        let gateway = Gateway::start(vec![Route::new("/rest/v1", &postgrest.url)]).unwrap();
        Odd {
            url: gateway.url.clone(),
            key: jwt::api_key("service_role", secret),
            _servers: (watchdog, postgrest, gateway),
        }
    });
    // A client per test: each #[tokio::test] has its own runtime, and a pooled connection of a
    // client made in another test's (finished) runtime fails with "dispatch task gone".
    Client::new(&odd.url, odd.key.clone()).unwrap()
}

fn profile(email: &str, zip: &str) -> user_profiles::Insert {
    user_profiles::Insert {
        zip_code: Some(zip.into()),
        e_mail: Some(email.into()),
        user_id_2: Some(1),
        user_id: Some(2),
        user_id_3: Some(3),
        r#type: Some("t".into()),
        select: Some("s".into()),
        order: Some(4),
        limit: Some(5),
        _1st_place: Some(true),
        naive: Some("naïve".into()),
        u540d_u524d: Some("名前".into()),
        self_: Some("me".into()),
        a_b: Some("a.b".into()),
        strasse: Some("Straße".into()),
        mood: Some(MoodKind::SayHi),
    }
}

async fn profiles_with_email(c: &Client, email: &str) -> Vec<user_profiles::Row> {
    c.from_table::<user_profiles::Row>()
        .select()
        .eq(user_profiles::columns::e_mail, email)
        .execute()
        .await
        .unwrap()
        .data
}

#[tokio::test]
async fn user_profiles_round_trip_with_every_odd_column() {
    use user_profiles::columns as col;
    let c = client();
    let email = "ada@example.com";
    c.from_table::<user_profiles::Row>()
        .insert(profile(email, "10 115"))
        .execute()
        .await
        .unwrap();

    // A filter on every odd column, ordered by two of them: the row comes back whole.
    let query = c
        .from_table::<user_profiles::Row>()
        .select()
        .eq(col::zip_code, "10 115")
        .eq(col::e_mail, email)
        .eq(col::user_id_2, 1)
        .eq(col::user_id, 2)
        .eq(col::user_id_3, 3)
        .eq(col::r#type, "t")
        .eq(col::select, "s")
        .eq(col::order, 4)
        .eq(col::limit, 5)
        .eq(col::_1st_place, true)
        .eq(col::naive, "naïve")
        .eq(col::u540d_u524d, "名前")
        .eq(col::self_, "me")
        .eq(col::a_b, "a.b")
        .eq(col::strasse, "Straße")
        .eq(col::mood, MoodKind::SayHi)
        .order(col::zip_code, Order::asc())
        .order(col::order, Order::desc());
    let select = user_profiles::Row::select_list();
    assert!(select.starts_with(r#"ID,"zip code","e-mail",userId,user_id,UserID,type,"select","order","limit","1st place","naïve","名前",self,"a.b""#), "{select}");
    let rows = query.execute().await.unwrap().data;
    assert_eq!(rows.len(), 1, "{rows:?}");
    let row = &rows[0];
    let want = profile(email, "10 115");
    assert_eq!(
        (
            &row.zip_code,
            &row.e_mail,
            row.user_id_2,
            row.user_id,
            row.user_id_3
        ),
        (&want.zip_code, &want.e_mail, Some(1), Some(2), Some(3))
    );
    assert_eq!(
        (
            &row.r#type,
            &row.select,
            row.order,
            row.limit,
            row._1st_place
        ),
        (&want.r#type, &want.select, Some(4), Some(5), Some(true))
    );
    assert_eq!(
        (
            &row.naive,
            &row.u540d_u524d,
            &row.self_,
            &row.a_b,
            &row.strasse,
            row.mood
        ),
        (
            &want.naive,
            &want.u540d_u524d,
            &want.self_,
            &want.a_b,
            &want.strasse,
            Some(MoodKind::SayHi)
        )
    );

    // Upsert on the unique "e-mail".
    c.from_table::<user_profiles::Row>()
        .upsert(profile(email, "99 999"))
        .on_conflict(col::e_mail)
        .execute()
        .await
        .unwrap();
    let rows = profiles_with_email(&c, email).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].zip_code.as_deref(), Some("99 999"));

    // Update: set one odd column, clear another.
    c.from_table::<user_profiles::Row>()
        .update(user_profiles::Update {
            r#type: Some(Some("t2".into())),
            select: Some(None),
            mood: Some(Some(MoodKind::ABC)),
            ..Default::default()
        })
        .eq(col::e_mail, email)
        .execute()
        .await
        .unwrap();
    let rows = profiles_with_email(&c, email).await;
    assert_eq!(rows[0].r#type.as_deref(), Some("t2"));
    assert_eq!(rows[0].select, None);
    assert_eq!(rows[0].mood, Some(MoodKind::ABC));

    // The view "zip codes" and its column "zip code".
    let through_view = c
        .from_table::<zip_codes::Row>()
        .select()
        .eq(zip_codes::columns::zip_code, "99 999")
        .eq(zip_codes::columns::mood, MoodKind::ABC)
        .order(zip_codes::columns::e_mail, Order::asc())
        .execute()
        .await
        .unwrap()
        .data;
    assert_eq!(through_view.len(), 1);
    assert_eq!(through_view[0].e_mail.as_deref(), Some(email));
    assert_eq!(through_view[0].id, Some(rows[0].id));

    // The functions `getUser` and `get_user`.
    let found = c
        .call(functions::GetUserArgs {
            e_mail: email.into(),
        })
        .execute()
        .await
        .unwrap()
        .data;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].zip_code.as_deref(), Some("99 999"));
    let sum = c
        .call(functions::GetUser2Args {
            order: 3,
            r#type: Some("abc".into()),
        })
        .execute()
        .await
        .unwrap()
        .data;
    assert_eq!(sum, Some(6));

    c.from_table::<user_profiles::Row>()
        .delete()
        .eq(col::e_mail, email)
        .execute()
        .await
        .unwrap();
    assert!(profiles_with_email(&c, email).await.is_empty());
}

#[tokio::test]
async fn a_table_named_order_with_columns_named_like_query_keys() {
    use order::columns as col;
    let c = client();
    let row = |value| order::Insert {
        key: "k".into(),
        value,
        and: Some("a".into()),
        or: Some("o".into()),
        not: Some("n".into()),
    };
    c.from_table::<order::Row>()
        .insert(row(1))
        .execute()
        .await
        .unwrap();
    c.from_table::<order::Row>()
        .upsert(row(2))
        .on_conflict(col::key)
        .execute()
        .await
        .unwrap();
    let rows = c
        .from_table::<order::Row>()
        .select()
        .eq(col::and, "a")
        .eq(col::or, "o")
        .eq(col::not, "n")
        .eq(col::key, "k")
        .order(col::value, Order::asc())
        .execute()
        .await
        .unwrap()
        .data;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].value, 2);
    c.from_table::<order::Row>()
        .update(order::Update {
            or: Some(None),
            ..Default::default()
        })
        .eq(col::key, "k")
        .execute()
        .await
        .unwrap();
    c.from_table::<order::Row>()
        .delete()
        .is_null(col::or)
        .execute()
        .await
        .unwrap();
    let left = c
        .from_table::<order::Row>()
        .select()
        .execute()
        .await
        .unwrap();
    assert!(left.data.is_empty());
}

#[tokio::test]
async fn two_tables_whose_names_collide_in_rust() {
    let c = client();
    // "Line-Items" (line_items_2): "line id", "qty." with its default, "Qty", "match".
    c.from_table::<line_items_2::Row>()
        .insert(line_items_2::Insert {
            line_id: 1,
            qty: None,
            qty_2: Some(7),
            r#match: Some("m".into()),
        })
        .execute()
        .await
        .unwrap();
    c.from_table::<line_items_2::Row>()
        .upsert(line_items_2::Insert {
            line_id: 1,
            qty: Some(3),
            qty_2: Some(7),
            r#match: Some("m".into()),
        })
        .on_conflict(line_items_2::columns::line_id)
        .execute()
        .await
        .unwrap();
    let rows = c
        .from_table::<line_items_2::Row>()
        .select()
        .eq(line_items_2::columns::qty, 3)
        .eq(line_items_2::columns::qty_2, 7)
        .eq(line_items_2::columns::r#match, "m")
        .order(line_items_2::columns::line_id, Order::asc())
        .execute()
        .await
        .unwrap()
        .data;
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].line_id, rows[0].qty), (1, 3));
    c.from_table::<line_items_2::Row>()
        .delete()
        .eq(line_items_2::columns::line_id, 1)
        .execute()
        .await
        .unwrap();

    // line_items: keeps its own name; column "fn".
    c.from_table::<line_items::Row>()
        .insert(line_items::Insert {
            id: None,
            r#fn: Some("f".into()),
        })
        .execute()
        .await
        .unwrap();
    c.from_table::<line_items::Row>()
        .update(line_items::Update {
            r#fn: Some(Some("g".into())),
            ..Default::default()
        })
        .eq(line_items::columns::r#fn, "f")
        .execute()
        .await
        .unwrap();
    let rows = c
        .from_table::<line_items::Row>()
        .select()
        .eq(line_items::columns::r#fn, "g")
        .execute()
        .await
        .unwrap()
        .data;
    assert_eq!(rows.len(), 1);
    c.from_table::<line_items::Row>()
        .delete()
        .eq(line_items::columns::id, rows[0].id)
        .execute()
        .await
        .unwrap();
}
