create view public.upcoming_events
with (security_invoker = on)
as
select
    e.id,
    e.slug,
    e.title,
    e.starts_at,
    e.status,
    e.price,
    e.tags,
    e.capacity,
    v.name as venue_name,
    v.city,
    (select count(*) from public.rsvps r where r.event_id = e.id and r.response = 'going') as going_count
from public.events e
left join public.venues v on v.id = e.venue_id
where e.starts_at > now() and e.status = 'published';

create function public.seats_left(p_event_id uuid)
returns integer
language sql
stable
as $$
    select e.capacity - (select count(*)::int from public.tickets t where t.event_id = e.id)
    from public.events e
    where e.id = p_event_id;
$$;

create function public.search_events(q text)
returns setof public.events
language sql
stable
as $$
    select * from public.events
    where status = 'published' and (title ilike '%' || q || '%' or q = any(tags))
    order by starts_at;
$$;

create function public.my_rsvps()
returns setof public.rsvps
language sql
stable
as $$
    select * from public.rsvps where user_id = auth.uid() order by responded_at;
$$;

create function public.events_near(p_lat numeric, p_lng numeric, p_km numeric default 50)
returns table (id uuid, title text, city text, distance_km numeric)
language sql
stable
as $$
    select e.id, e.title, v.city,
           round((111.045 * sqrt(power(v.lat - p_lat, 2) + power((v.lng - p_lng) * cos(radians(p_lat)), 2)))::numeric, 1)
    from public.events e
    join public.venues v on v.id = e.venue_id
    where v.lat is not null
      and 111.045 * sqrt(power(v.lat - p_lat, 2) + power((v.lng - p_lng) * cos(radians(p_lat)), 2)) <= p_km
    order by 4, e.starts_at;
$$;

create function public.event_by_slug(p_slug text)
returns public.events
language sql
stable
as $$
    select * from public.events where slug = p_slug;
$$;

create function public.rsvp(p_event_id uuid, p_response public.rsvp_response default 'going', p_guests integer default 0)
returns public.rsvps
language sql
as $$
    insert into public.rsvps (event_id, user_id, response, guests, responded_at)
    values (p_event_id, auth.uid(), p_response, p_guests, timestamptz '2024-06-20 12:00:00+00')
    on conflict (event_id, user_id) do update set response = excluded.response, guests = excluded.guests
    returning *;
$$;
