-- schemas: public,api

-- name: projects_of_owner
-- args: ["11111111-1111-4111-8111-111111111111"]
-- expect: ok
select id, name, domain from projects where owner_id = $1 order by name;

-- name: project_by_api_key
-- args: ["key-docs"]
-- expect: ok
select id, name from projects where api_key = $1;

-- name: recent_events
-- args: ["20000000-0000-4000-8000-000000000002", 10]
-- expect: ok
select id, type, name, url, created_at from events where project_id = $1 order by created_at desc limit $2;

-- name: events_page
-- args: ["20000000-0000-4000-8000-000000000001", 5, 10]
-- expect: ok
select id, name, created_at from events where project_id = $1 order by created_at, id limit $2 offset $3;

-- name: events_in_window
-- args: ["20000000-0000-4000-8000-000000000003", "2024-02-01T00:00:00Z", "2024-02-08T00:00:00Z"]
-- expect: ok
select id, type, url from events where project_id = $1 and created_at >= $2 and created_at < $3 order by created_at;

-- name: events_between
-- args: ["2024-03-30T00:00:00Z", "2024-04-03T00:00:00Z"]
-- expect: ok
select id, name, created_at from events where created_at between $1 and $2 order by created_at;

-- name: events_of_type
-- args: ["purchase"]
-- expect: ok
select id, revenue, properties from events where type = $1::event_type order by id;

-- name: signup_events
-- args: []
-- expect: ok
select id, "userId" from events where "type" = 'signup' and "userId" is not null order by id;

-- name: events_of_types
-- args: [["signup", "purchase"]]
-- expect: ok
select id, type from events where type = any($1::event_type[]) and project_id = '20000000-0000-4000-8000-000000000002' order by id;

-- name: events_for_user
-- args: ["u7"]
-- expect: ok
select id, name, url from events where "userId" = $1 order by created_at;

-- name: events_for_users
-- args: [["u1", "u2"]]
-- expect: ok
select id, "userId" from events where "userId" = any($1) order by id;

-- name: events_from_browser
-- args: ["safari"]
-- expect: ok
select id, url from events where properties->>'browser' = $1 and type = 'click' order by id;

-- name: mobile_purchases
-- args: [{"mobile": true}]
-- expect: ok
select id, revenue from events where properties @> $1 and type = 'purchase' order by id;

-- name: events_with_plan
-- args: []
-- expect: inexpressible
select id, properties->>'plan' as plan, revenue from events where properties ? 'plan' order by id;

-- name: docs_pageviews
-- args: ["/docs%"]
-- expect: ok
select id, url from events where url like $1 and type = 'pageview' and project_id = '20000000-0000-4000-8000-000000000003' order by id;

-- name: events_without_referrer
-- args: []
-- expect: ok
select count(*) as n from events where referrer is null;

-- name: referrer_not_google
-- args: []
-- expect: ok
select id from events where referrer is distinct from 'https://google.com' and project_id = '20000000-0000-4000-8000-000000000001' and created_at < '2024-01-10' order by id;

-- name: events_from_countries
-- args: [["PT", "FR"]]
-- expect: ok
select id, country from events where country = any($1) and created_at < '2024-01-15' order by id;

-- name: high_value_purchases
-- args: [50]
-- expect: ok
select id, revenue from events where revenue > $1 order by revenue desc, id;

-- name: events_with_project
-- args: ["checkout_completed"]
-- expect: ok
select e.id, e.revenue, p.name as project
from events e
join projects p on p.id = e.project_id
where e.name = $1
order by e.id;

-- name: projects_with_goals
-- args: []
-- expect: ok
select p.name, g.name as goal, g.target_value
from projects p
join goals g on g.project_id = p.id
order by p.name, g.name;

-- name: goals_of_project
-- args: ["20000000-0000-4000-8000-000000000001"]
-- expect: ok
select id, name, event_name, target_value, "interval" from goals where project_id = $1 order by name;

-- name: event_count_by_type
-- args: ["20000000-0000-4000-8000-000000000001"]
-- expect: ok
select type, count(*) as n from events where project_id = $1 group by type;

-- name: revenue_by_project
-- args: []
-- expect: ok
select project_id, sum(revenue) as revenue, count(*) as purchases from events where type = 'purchase' group by project_id;

-- name: event_counts_view
-- args: ["20000000-0000-4000-8000-000000000002"]
-- expect: ok
select type, events, sessions from event_counts where project_id = $1 order by events desc;

-- name: top_pages_view
-- args: ["20000000-0000-4000-8000-000000000001", 3]
-- expect: ok
select url, views, visitors from top_pages where project_id = $1 order by views desc, url limit $2;

-- name: daily_stats_view
-- args: ["20000000-0000-4000-8000-000000000003", "2024-03-01", "2024-03-10"]
-- expect: ok
select day, events, users, revenue from daily_stats where project_id = $1 and day between $2 and $3 order by day;

-- name: first_and_last_event
-- args: ["20000000-0000-4000-8000-000000000002"]
-- expect: ok
select min(created_at) as first_seen, max(created_at) as last_seen from events where project_id = $1;

-- name: ingest_event
-- args: ["20000000-0000-4000-8000-000000000001", "pageview", "page_view", "/pricing", {"browser": "firefox"}]
-- expect: ok
insert into events (project_id, type, name, url, properties, created_at) values ($1, $2, $3, $4, $5, '2024-03-15T12:00:00Z')
returning project_id, type, name, url, properties, created_at;

-- name: ingest_batch
-- args: ["20000000-0000-4000-8000-000000000002"]
-- expect: ok
insert into events (project_id, type, name, created_at) values
    ($1, 'click', 'cta_clicked', '2024-03-15T12:00:00Z'),
    ($1, 'pageview', 'page_view', '2024-03-15T12:00:01Z')
returning type, name, created_at;

-- name: create_goal
-- args: ["20000000-0000-4000-8000-000000000003", "Video plays", "video_played", 5]
-- expect: ok
insert into goals (project_id, name, event_name, target_value) values ($1, $2, $3, $4) returning name, event_name, target_value, "interval";

-- name: upsert_goal
-- args: ["20000000-0000-4000-8000-000000000001", "Signups", "account_created", 20]
-- expect: ok
insert into goals (project_id, name, event_name, target_value) values ($1, $2, $3, $4)
on conflict (project_id, name) do update set event_name = excluded.event_name, target_value = excluded.target_value
returning name, target_value;

-- name: rename_project
-- args: ["Documentation", "20000000-0000-4000-8000-000000000003"]
-- expect: ok
update projects set name = $1 where id = $2 returning id, name;

-- name: delete_old_events
-- args: ["2024-01-03T00:00:00Z"]
-- expect: ok
delete from events where created_at < $1 returning id;

-- name: delete_goal
-- args: ["20000000-0000-4000-8000-000000000002", "Activation"]
-- expect: ok
delete from goals where project_id = $1 and name = $2;

-- name: track_fn
-- args: ["20000000-0000-4000-8000-000000000001", "custom", "newsletter_opened"]
-- expect: ok
select track($1, $2, $3);

-- name: funnel_fn
-- args: ["20000000-0000-4000-8000-000000000001", ["page_view", "cta_clicked", "account_created", "checkout_completed"]]
-- expect: ok
select * from api.funnel($1, $2);

-- name: events_per_day_fn
-- args: ["20000000-0000-4000-8000-000000000002", "2024-02-01", "2024-02-07"]
-- expect: ok
select * from api.events_per_day(project => $1, from_day => $2, to_day => $3) where events > 0;

-- name: revenue_total_fn
-- args: ["20000000-0000-4000-8000-000000000001"]
-- expect: ok
select api.revenue_total($1) as revenue;

-- name: unique_visitors
-- args: ["20000000-0000-4000-8000-000000000001"]
-- expect: inexpressible
select count(distinct "userId") as visitors from events where project_id = $1;

-- name: events_per_week
-- args: ["20000000-0000-4000-8000-000000000002"]
-- expect: inexpressible
select date_trunc('week', created_at) as week, count(*) as n from events where project_id = $1 group by 1 order by 1;

-- name: session_lengths
-- args: []
-- expect: inexpressible
select session_id, max(created_at) - min(created_at) as duration from events group by session_id order by duration desc, session_id limit 5;

-- name: retention_cte
-- args: []
-- expect: inexpressible
with firsts as (select "userId", min(created_at) as first_at from events where "userId" is not null group by "userId")
select date_trunc('month', first_at) as cohort, count(*) as users from firsts group by 1 order by 1;

-- name: event_sequence_per_user
-- args: ["u5"]
-- expect: inexpressible
select id, name, row_number() over (partition by "userId" order by created_at) as step from events where "userId" = $1 order by step;

-- name: events_last_24h
-- args: []
-- expect: inexpressible
select count(*) from events where created_at > now() - interval '24 hours';

-- name: goal_progress
-- args: ["20000000-0000-4000-8000-000000000001"]
-- expect: inexpressible
select g.name, count(e.id) as achieved, g.target_value
from goals g left join events e on e.project_id = g.project_id and e.name = g.event_name
where g.project_id = $1 group by g.name, g.target_value order by g.name;

-- name: projects_without_events
-- args: []
-- expect: ok
select id from projects p where not exists (select 1 from events e where e.project_id = p.id);

-- name: project_owner_emails
-- args: []
-- expect: inexpressible
select p.name, u.email from projects p join auth.users u on u.id = p.owner_id order by p.name;

-- name: top_referrer_hosts
-- args: []
-- expect: inexpressible
select split_part(referrer, '/', 3) as host, count(*) as n from events where referrer is not null group by 1 order by n desc, host;

-- name: revenue_by_country_rollup
-- args: []
-- expect: inexpressible
select coalesce(country, '??') as country, sum(revenue) filter (where type = 'purchase') as revenue
from events group by 1 order by 1;

-- name: events_json_export
-- args: ["u3"]
-- expect: inexpressible
select "userId", json_agg(json_build_object('name', name, 'at', created_at) order by created_at) as timeline from events where "userId" = $1 group by "userId";

-- name: move_events_partition_check
-- args: []
-- expect: inexpressible
select tableoid::regclass::text as partition, count(*) as n from events group by 1 order by 1;

-- name: set_goal_target
-- args: [250.5, 2]
-- expect: ok
update goals set target_value = $1 where id = $2 returning name, target_value;

-- name: pageviews_outside_us_de
-- args: []
-- expect: ok
select id, country from events where country not in ('US', 'DE') and type = 'pageview' order by id limit 5;

-- name: events_last_week
-- args: []
-- expect: inexpressible
select count(*) from events where created_at >= current_date - interval '7 days';

-- name: safari_or_paying_events
-- args: []
-- expect: ok
select id from events where properties @> '{"browser": "safari"}' or revenue is not null order by id;

-- name: february_partition
-- args: []
-- expect: ok
select id, type from events_2024_02 order by id limit 3;

-- name: pageviews_elsewhere_on_desktop
-- args: []
-- expect: ok
SELECT e.id, e.country FROM public.events e WHERE e.type = 'pageview' AND NOT (e.country IN ('US', 'FR') OR e.properties @> '{"mobile": true}') ORDER BY e.id;
