-- Observations reported by users; `note` is optional.
create table public.sightings (
  id bigint generated always as identity primary key,
  planet_id bigint not null constraint sightings_planet_id_fkey references public.planets (id),
  observer text not null,
  note text,
  seen_at timestamptz not null default now()
);

-- The number of moons of a planet, callable with GET (stable).
create function public.moon_count(planet text) returns integer
language sql stable
as $$ select count(*)::integer from public.moons m join public.planets p on p.id = m.planet_id where p.name = planet $$;
