-- Planets of the solar system and their moons.
create type public.planet_kind as enum ('terrestrial', 'gas giant', 'ice giant', 'dwarf');

create table public.planets (
  id bigint generated always as identity primary key,
  name text not null unique,
  kind public.planet_kind not null,
  mass_earths numeric(10, 4) not null,
  discovered date,
  tags text[] not null default '{}'
);

create table public.moons (
  id bigint generated always as identity primary key,
  planet_id bigint not null constraint moons_planet_id_fkey references public.planets (id) on delete cascade,
  name text not null,
  radius_km integer not null
);
