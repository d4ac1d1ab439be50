-- Sales reps sign in with Supabase Auth; every record has an owner.
create table public.profiles (
    id uuid primary key references auth.users (id) on delete cascade,
    full_name text,
    email text not null,
    avatar_url text,
    title text,
    quota numeric(12,2) not null default 0,
    is_manager boolean not null default false,
    created_at timestamptz not null default now()
);

alter table public.profiles enable row level security;
create policy "everyone in the org sees profiles" on public.profiles
    for select to authenticated using (true);
create policy "reps edit their own profile" on public.profiles
    for update to authenticated using (auth.uid() = id);

create function public.handle_new_user()
returns trigger
language plpgsql
security definer
set search_path = public
as $$
begin
    insert into public.profiles (id, email, full_name)
    values (new.id, new.email, new.raw_user_meta_data ->> 'full_name');
    return new;
end;
$$;

create trigger on_auth_user_created
    after insert on auth.users
    for each row execute procedure public.handle_new_user();
