create table public.profiles (
    id uuid primary key references auth.users (id) on delete cascade,
    full_name text,
    email text not null,
    avatar_url text,
    "timeZone" text not null default 'UTC',
    created_at timestamptz not null default now()
);

alter table public.profiles enable row level security;
create policy "profiles are readable by signed in users" on public.profiles
    for select to authenticated using (true);
create policy "users update own profile" on public.profiles
    for update to authenticated using (id = auth.uid()) with check (id = auth.uid());

create function public.handle_new_user()
returns trigger
language plpgsql
security definer
set search_path = public
as $$
begin
    insert into public.profiles (id, email, full_name, avatar_url)
    values (new.id, new.email, new.raw_user_meta_data->>'full_name', new.raw_user_meta_data->>'avatar_url');
    return new;
end;
$$;

create trigger on_auth_user_created
    after insert on auth.users
    for each row execute function public.handle_new_user();

create function public.touch_updated_at()
returns trigger
language plpgsql
as $$
begin
    new.updated_at := now();
    return new;
end;
$$;
