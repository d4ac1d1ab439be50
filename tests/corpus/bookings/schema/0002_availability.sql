-- Utilisation view and availability functions (`public` and `scheduling`).
create view public.resource_utilisation as
select r.id as resource_id, r.name, count(b.id) as bookings,
       coalesce(sum(extract(epoch from (upper(b.during) - lower(b.during))) / 3600), 0)::numeric(10, 2) as booked_hours
from public.resources r
left join public.bookings b on b.resource_id = r.id and b.status <> 'cancelled'
group by r.id, r.name;

create or replace function public.is_available(resource bigint, from_ts timestamptz, to_ts timestamptz)
returns boolean
language sql stable
as $$
    select not exists (
        select 1 from public.bookings
        where resource_id = resource and status <> 'cancelled' and during && tstzrange(from_ts, to_ts)
    )
$$;

create schema if not exists scheduling;
grant usage on schema scheduling to anon, authenticated, service_role;

create or replace function scheduling.free_resources(at_location uuid, from_ts timestamptz, to_ts timestamptz)
returns setof public.resources
language sql stable
as $$
    select r.* from public.resources r
    where r.location_id = at_location and r.active
      and public.is_available(r.id, from_ts, to_ts)
    order by r.id
$$;

create or replace function scheduling.book(resource bigint, who uuid, what text, from_ts timestamptz, to_ts timestamptz)
returns public.bookings
language sql volatile
as $$
    insert into public.bookings (resource_id, booked_by, title, during)
    values (resource, who, what, tstzrange(from_ts, to_ts))
    returning *
$$;

grant select, insert, update, delete on all tables in schema public to anon, authenticated, service_role;
grant execute on all functions in schema public, scheduling to anon, authenticated, service_role;
