-- The bundled example schema for `scripts/demo`: planets and their moons.
-- Roles match a Supabase project: PostgREST logs in as `authenticator` and switches to `anon`.
create role anon nologin;
create role authenticated nologin;
create role service_role nologin bypassrls;
create role authenticator login noinherit password 'authenticator-password';
grant anon, authenticated, service_role to authenticator;

create table public.planets (
  id bigint generated always as identity primary key,
  name text not null unique,
  kind text not null check (kind in ('terrestrial', 'gas giant', 'ice giant', 'dwarf')),
  mass_earths numeric(10, 4) not null,
  discovered date,
  tags text[] not null default '{}'
);

create table public.moons (
  id bigint generated always as identity primary key,
  planet_id bigint not null references public.planets (id) on delete cascade,
  name text not null,
  radius_km integer not null
);

create table public.sightings (
  id bigint generated always as identity primary key,
  planet_id bigint not null references public.planets (id),
  observer text not null,
  note text,
  seen_at timestamptz not null default now()
);

insert into public.planets (name, kind, mass_earths, discovered, tags) values
  ('Mercury', 'terrestrial', 0.0553, null, '{inner,rocky}'),
  ('Venus', 'terrestrial', 0.8150, null, '{inner,rocky,hot}'),
  ('Earth', 'terrestrial', 1.0000, null, '{inner,rocky,home}'),
  ('Mars', 'terrestrial', 0.1070, null, '{inner,rocky,red}'),
  ('Jupiter', 'gas giant', 317.8000, null, '{outer,giant}'),
  ('Saturn', 'gas giant', 95.2000, null, '{outer,giant,rings}'),
  ('Uranus', 'ice giant', 14.5000, '1781-03-13', '{outer,giant}'),
  ('Neptune', 'ice giant', 17.1000, '1846-09-23', '{outer,giant}'),
  ('Pluto', 'dwarf', 0.0022, '1930-02-18', '{kuiper}');

insert into public.moons (planet_id, name, radius_km)
select p.id, m.name, m.radius_km
from (values
  ('Earth', 'Moon', 1737),
  ('Mars', 'Phobos', 11), ('Mars', 'Deimos', 6),
  ('Jupiter', 'Io', 1822), ('Jupiter', 'Europa', 1561), ('Jupiter', 'Ganymede', 2634), ('Jupiter', 'Callisto', 2410),
  ('Saturn', 'Titan', 2575), ('Saturn', 'Enceladus', 252),
  ('Neptune', 'Triton', 1353), ('Pluto', 'Charon', 606)
) as m(planet, name, radius_km)
join public.planets p on p.name = m.planet;

create function public.heaviest_planets(n integer) returns setof public.planets
language sql stable as $$
  select * from public.planets order by mass_earths desc limit n
$$;

create function public.moon_count(planet text) returns integer
language sql stable as $$
  select count(*)::integer from public.moons m join public.planets p on p.id = m.planet_id where p.name = planet
$$;

grant usage on schema public to anon, authenticated, service_role;
grant select on public.planets, public.moons, public.sightings to anon, authenticated, service_role;
grant insert, delete on public.sightings to anon, authenticated, service_role;
grant execute on function public.heaviest_planets(integer), public.moon_count(text) to anon, authenticated, service_role;
