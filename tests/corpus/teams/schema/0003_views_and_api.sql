-- Reporting view, and the RPC surface in the `api` schema that the app calls.
create view public.account_member_counts as
select a.id as account_id, a.name, a.slug, count(au.user_id) as member_count,
       count(au.user_id) filter (where au.account_role = 'owner') as owner_count,
       max(au.joined_at) as last_joined_at
from public.accounts a
left join public.account_user au on au.account_id = a.id
group by a.id, a.name, a.slug;

create or replace function public.current_user_account_role(lookup_account_id uuid)
returns public.account_role
language sql stable
as $$
    select account_role from public.account_user
    where account_id = lookup_account_id and user_id = auth.uid();
$$;

create or replace function public.accounts_of_user(target_user uuid)
returns setof public.accounts
language sql stable
as $$
    select a.* from public.accounts a
    join public.account_user au on au.account_id = a.id
    where au.user_id = target_user
    order by a.name;
$$;

create schema if not exists api;
grant usage on schema api to anon, authenticated, service_role;

create or replace function api.get_account_by_slug(slug text)
returns json
language sql stable
as $$
    select json_build_object('id', a.id, 'name', a.name, 'slug', a.slug, 'personal', a.personal_account)
    from public.accounts a where a.slug = get_account_by_slug.slug;
$$;

create or replace function api.account_members(account_id uuid)
returns table (user_id uuid, account_role public.account_role, username text, joined_at timestamptz)
language sql stable
as $$
    select au.user_id, au.account_role, p.username, au.joined_at
    from public.account_user au
    left join public.profiles p on p.id = au.user_id
    where au.account_id = account_members.account_id
    order by au.joined_at;
$$;

create or replace function api.invite_count(account_id uuid, kind public.invitation_type default null)
returns integer
language sql stable
as $$
    select count(*)::int from public.invitations i
    where i.account_id = invite_count.account_id and (kind is null or i."type" = kind);
$$;

grant select on public.account_member_counts, public.profiles to anon, authenticated, service_role;
grant execute on all functions in schema api, public to anon, authenticated, service_role;
