-- Room / resource bookings with non-overlapping time ranges (exclusion constraint).
create extension if not exists btree_gist with schema extensions;

do $$ begin
    create type public.booking_status as enum ('tentative', 'confirmed', 'cancelled');
exception
    when duplicate_object then null;
end $$;

create table public.locations (
    id uuid primary key default extensions.gen_random_uuid(),
    name text not null,
    timezone text not null default 'UTC',
    address jsonb
);

create table public.resources (
    id bigint generated always as identity primary key,
    location_id uuid not null references public.locations (id) on delete cascade,
    name text not null,
    "type" text not null check ("type" in ('room', 'desk', 'equipment')),
    capacity integer not null default 1,
    hourly_rate numeric(8, 2),
    features text[] not null default '{}',
    active boolean not null default true
);

create table public.bookings (
    id bigint generated always as identity primary key,
    resource_id bigint not null references public.resources (id),
    booked_by uuid not null references auth.users (id),
    title text not null,
    during tstzrange not null,
    starts_at timestamptz generated always as (lower(during)) stored,
    ends_at timestamptz generated always as (upper(during)) stored,
    status booking_status not null default 'confirmed',
    attendees integer not null default 1,
    notes text,
    created_at timestamptz not null default now(),
    constraint no_double_booking exclude using gist (resource_id with =, during with &&)
        where (status <> 'cancelled')
);

create table public.opening_hours (
    location_id uuid not null references public.locations (id) on delete cascade,
    weekday smallint not null check (weekday between 0 and 6),
    opens time not null,
    closes time not null,
    primary key (location_id, weekday)
);

alter table public.bookings enable row level security;
create policy "Everyone sees bookings" on public.bookings for select using (true);
create policy "Users book for themselves" on public.bookings for insert to authenticated with check (booked_by = auth.uid());
create policy "Users cancel their own" on public.bookings for update to authenticated using (booked_by = auth.uid());
