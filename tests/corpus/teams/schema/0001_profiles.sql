-- Profiles: one row per auth user, created by a trigger on auth.users.
create table public.profiles (
    id uuid primary key references auth.users (id) on delete cascade,
    username text unique check (char_length(username) >= 3),
    full_name text,
    avatar_url text,
    website text,
    "displayName" text,
    updated_at timestamptz not null default now()
);

alter table public.profiles enable row level security;

create policy "Public profiles are viewable by everyone." on public.profiles
    for select using (true);
create policy "Users can insert their own profile." on public.profiles
    for insert with check (auth.uid() = id);
create policy "Users can update own profile." on public.profiles
    for update using (auth.uid() = id);

create function public.handle_new_user() returns trigger
language plpgsql security definer set search_path = public
as $$
begin
    insert into public.profiles (id, full_name, avatar_url)
    values (new.id, new.raw_user_meta_data ->> 'full_name', new.raw_user_meta_data ->> 'avatar_url');
    return new;
end;
$$;

create trigger on_auth_user_created
    after insert on auth.users
    for each row execute procedure public.handle_new_user();
