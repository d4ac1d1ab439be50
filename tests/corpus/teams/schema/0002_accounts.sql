-- Team accounts, memberships and invitations.
do $$ begin
    create type public.account_role as enum ('owner', 'member');
exception
    when duplicate_object then null;
end $$;

do $$ begin
    create type public.invitation_type as enum ('one_time', '24_hour');
exception
    when duplicate_object then null;
end $$;

create table public.accounts (
    id uuid primary key default extensions.gen_random_uuid(),
    primary_owner_user_id uuid not null references auth.users (id),
    name text,
    slug text unique,
    personal_account boolean not null default false,
    private_metadata jsonb not null default '{}'::jsonb,
    public_metadata jsonb not null default '{}'::jsonb,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint slug_format check (slug ~ '^[a-z0-9-]+$')
);

create table public.account_user (
    user_id uuid not null references auth.users (id) on delete cascade,
    account_id uuid not null references public.accounts (id) on delete cascade,
    account_role public.account_role not null,
    joined_at timestamptz not null default now(),
    primary key (user_id, account_id)
);

create table public.invitations (
    id uuid primary key default extensions.gen_random_uuid(),
    account_id uuid not null references public.accounts (id) on delete cascade,
    account_role public.account_role not null default 'member',
    token text unique not null default encode(extensions.gen_random_bytes(12), 'hex'),
    invited_by_user_id uuid not null references auth.users (id),
    email text,
    "type" public.invitation_type not null,
    created_at timestamptz not null default now()
);

create or replace function public.trigger_set_timestamps() returns trigger
language plpgsql
as $$
begin
    if tg_op = 'INSERT' then
        new.created_at = now();
        new.updated_at = now();
    else
        new.updated_at = now();
        new.created_at = old.created_at;
    end if;
    return new;
end
$$;

create trigger accounts_set_timestamps
    before update on public.accounts
    for each row execute procedure public.trigger_set_timestamps();

-- Membership checks used by the policies.
create or replace function public.has_role_on_account(account_id uuid, account_role public.account_role default null)
returns boolean
language sql security definer stable set search_path = public
as $$
    select exists (
        select 1 from public.account_user wu
        where wu.user_id = auth.uid()
          and wu.account_id = has_role_on_account.account_id
          and (wu.account_role = has_role_on_account.account_role or has_role_on_account.account_role is null)
    );
$$;

alter table public.accounts enable row level security;
alter table public.account_user enable row level security;
alter table public.invitations enable row level security;

create policy "Accounts are viewable by members" on public.accounts
    for select to authenticated using (public.has_role_on_account(id) = true);
create policy "Accounts can be edited by owners" on public.accounts
    for update to authenticated using (public.has_role_on_account(id, 'owner'));
create policy "Users can view their own memberships" on public.account_user
    for select to authenticated using (user_id = auth.uid() or public.has_role_on_account(account_id));
create policy "Owners can manage invitations" on public.invitations
    for all to authenticated using (public.has_role_on_account(account_id, 'owner'));

grant select, insert, update, delete on public.accounts, public.account_user, public.invitations to authenticated, service_role;
grant select on public.accounts to anon;
