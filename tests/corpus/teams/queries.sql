-- schemas: public,api

-- name: profile_by_id
-- args: ["11111111-1111-4111-8111-111111111111"]
-- expect: ok
select id, username, full_name, avatar_url, website from profiles where id = $1;

-- name: profile_by_username
-- args: ["carol"]
-- expect: ok
select * from profiles where username = $1;

-- name: search_profiles
-- args: ["%a%", 3]
-- expect: ok
select id, username, "displayName" from profiles where full_name ilike $1 order by username limit $2;

-- name: profiles_with_website
-- args: []
-- expect: ok
select username, website from profiles where website is not null order by username;

-- name: profiles_page_two
-- args: [2, 2]
-- expect: ok
select id, username from profiles order by username asc limit $1 offset $2;

-- name: update_profile
-- args: ["Alice A.", "https://alice.example", "11111111-1111-4111-8111-111111111111"]
-- expect: ok
update profiles set full_name = $1, website = $2 where id = $3 returning id, full_name, website;

-- name: team_accounts
-- args: []
-- expect: ok
select id, name, slug, created_at from accounts where personal_account = false order by created_at desc;

-- name: account_by_slug
-- args: ["acme"]
-- expect: ok
select id, name, public_metadata from accounts where slug = $1;

-- name: accounts_on_pro_plan
-- args: [{"plan": "pro"}]
-- expect: ok
select slug, name from accounts where public_metadata @> $1::jsonb order by slug;

-- name: account_plan_field
-- args: []
-- expect: ok
select slug, public_metadata->>'plan' as plan from accounts where personal_account is false order by slug;

-- name: accounts_by_slugs
-- args: [["acme", "delta", "nope"]]
-- expect: ok
select id, slug from accounts where slug = any($1) order by slug;

-- name: accounts_created_between
-- args: ["2024-01-04T00:00:00Z", "2024-02-15T00:00:00Z"]
-- expect: ok
select slug, created_at from accounts where created_at between $1 and $2 order by created_at;

-- name: memberships_of_user
-- args: ["11111111-1111-4111-8111-111111111111"]
-- expect: ok
select account_id, account_role, joined_at from account_user where user_id = $1 order by joined_at;

-- name: members_with_account_names
-- args: ["11111111-1111-4111-8111-111111111111"]
-- expect: ok
select au.account_role, a.name, a.slug
from account_user au
join accounts a on a.id = au.account_id
where au.user_id = $1
order by a.slug;

-- name: owners_of_accounts
-- args: []
-- expect: ok
select account_id, user_id from account_user where account_role = 'owner'::account_role order by account_id, user_id;

-- name: account_with_members
-- args: ["acme"]
-- expect: ok
select a.name, au.user_id, au.account_role
from accounts a
left join account_user au on au.account_id = a.id
where a.slug = $1;

-- name: member_count_per_account
-- args: []
-- expect: ok
select account_id, count(*) as members from account_user group by account_id;

-- name: member_counts_view
-- args: [1]
-- expect: ok
select account_id, slug, member_count, owner_count from account_member_counts where member_count > $1 order by slug;

-- name: pending_invitations
-- args: ["a0000000-0000-4000-8000-000000000002"]
-- expect: ok
select id, email, account_role, "type" from invitations where account_id = $1 order by created_at;

-- name: invitations_by_type
-- args: []
-- expect: ok
select token, email from invitations where type = '24_hour' order by token;

-- name: invitations_without_email
-- args: []
-- expect: ok
select id, account_id from invitations where email is null;

-- name: invitation_with_account
-- args: ["tok-cloud-1"]
-- expect: ok
select i.email, i.account_role, a.name as account_name
from invitations i
join accounts a on a.id = i.account_id
where i.token = $1;

-- name: create_invitation
-- args: ["a0000000-0000-4000-8000-000000000003", "11111111-1111-4111-8111-111111111111", "lena@example.com", "one_time"]
-- expect: ok
insert into invitations (account_id, invited_by_user_id, email, "type", token)
values ($1, $2, $3, $4, 'tok-new')
returning account_id, email, "type", account_role;

-- name: accept_membership
-- args: ["66666666-6666-4666-8666-666666666666", "a0000000-0000-4000-8000-000000000003"]
-- expect: ok
insert into account_user (user_id, account_id, account_role, joined_at)
values ($1, $2, 'member', '2024-03-10T10:00:00Z')
on conflict (user_id, account_id) do nothing
returning user_id, account_id, account_role;

-- name: upsert_membership_role
-- args: ["22222222-2222-4222-8222-222222222222", "a0000000-0000-4000-8000-000000000002", "owner"]
-- expect: ok
insert into account_user (user_id, account_id, account_role)
values ($1, $2, $3)
on conflict (user_id, account_id) do update set account_role = excluded.account_role
returning user_id, account_role;

-- name: promote_member
-- args: ["owner", "a0000000-0000-4000-8000-000000000002", "33333333-3333-4333-8333-333333333333"]
-- expect: ok
update account_user set account_role = $1::account_role where account_id = $2 and user_id = $3 returning user_id, account_role;

-- name: remove_member
-- args: ["a0000000-0000-4000-8000-000000000002", "55555555-5555-4555-8555-555555555555"]
-- expect: ok
delete from account_user where account_id = $1 and user_id = $2 returning user_id;

-- name: revoke_invitation
-- args: ["tok-delta-1"]
-- expect: ok
delete from invitations where token = $1 returning email;

-- name: rename_account
-- args: ["Acme Incorporated", "acme"]
-- expect: ok
update accounts set name = $1 where slug = $2 returning id, name, slug;

-- name: has_role
-- args: ["a0000000-0000-4000-8000-000000000002"]
-- expect: ok
select has_role_on_account($1);

-- name: has_owner_role_named
-- args: ["a0000000-0000-4000-8000-000000000002"]
-- expect: ok
select has_role_on_account(account_id => $1, account_role => 'owner') as is_owner;

-- name: my_role
-- args: ["a0000000-0000-4000-8000-000000000005"]
-- expect: ok
select current_user_account_role($1);

-- name: accounts_of_user_fn
-- args: ["33333333-3333-4333-8333-333333333333"]
-- expect: ok
select * from accounts_of_user($1);

-- name: accounts_of_user_filtered
-- args: ["11111111-1111-4111-8111-111111111111"]
-- expect: ok
select slug, name from accounts_of_user($1) where personal_account = false order by slug desc limit 1;

-- name: api_account_by_slug
-- args: ["bobcat"]
-- expect: ok
select api.get_account_by_slug($1);

-- name: api_account_members
-- args: ["a0000000-0000-4000-8000-000000000002"]
-- expect: ok
select * from api.account_members($1);

-- name: api_invite_count
-- args: ["a0000000-0000-4000-8000-000000000005"]
-- expect: ok
select api.invite_count(account_id => $1) as invites;

-- name: my_accounts_via_auth_uid
-- args: []
-- expect: inexpressible
select a.slug from accounts a join account_user au on au.account_id = a.id where au.user_id = auth.uid() order by a.slug;

-- name: members_with_emails
-- args: ["a0000000-0000-4000-8000-000000000002"]
-- expect: inexpressible
select u.email, au.account_role from account_user au join auth.users u on u.id = au.user_id where au.account_id = $1 order by u.email;

-- name: accounts_without_members
-- args: []
-- expect: ok
select a.slug from accounts a where not exists (select 1 from account_user au where au.account_id = a.id and au.account_role = 'member') order by a.slug;

-- name: member_rank_by_join_date
-- args: []
-- expect: inexpressible
select account_id, user_id, row_number() over (partition by account_id order by joined_at) as seat
from account_user order by account_id, seat;

-- name: distinct_roles
-- args: []
-- expect: inexpressible
select distinct account_role from account_user order by account_role;

-- name: accounts_with_many_members
-- args: [2]
-- expect: inexpressible
select account_id, count(*) as members from account_user group by account_id having count(*) > $1 order by account_id;

-- name: recent_invitations
-- args: []
-- expect: inexpressible
select token from invitations where created_at > now() - interval '10 years';

-- name: owners_and_inviters
-- args: []
-- expect: inexpressible
select primary_owner_user_id as user_id from accounts union select invited_by_user_id from invitations order by user_id;

-- name: account_members_json
-- args: ["acme"]
-- expect: inexpressible
select a.slug, json_agg(au.user_id order by au.joined_at) as members
from accounts a join account_user au on au.account_id = a.id
where a.slug = $1 group by a.slug;

-- name: busiest_account
-- args: []
-- expect: inexpressible
with counts as (select account_id, count(*) as n from account_user group by account_id)
select a.slug, c.n from counts c join accounts a on a.id = c.account_id order by c.n desc, a.slug limit 1;

-- name: display_names
-- args: []
-- expect: inexpressible
select coalesce("displayName", username, 'anonymous') as label from profiles order by label;

-- name: accounts_matching_prefixes
-- args: [["AC%", "b%"]]
-- expect: ok
select slug from accounts where slug ilike any($1) order by slug;

-- name: invites_not_owner
-- args: []
-- expect: ok
select id, email from public.invitations where account_role is distinct from 'owner' order by email;

-- name: members_except_owners
-- args: ["a0000000-0000-4000-8000-000000000002"]
-- expect: ok
SELECT au.user_id, au.account_role FROM public.account_user au WHERE au.account_id = $1 AND au.account_role NOT IN ('owner') ORDER BY au.joined_at, au.user_id;

-- name: touch_account
-- args: ["a0000000-0000-4000-8000-000000000002"]
-- expect: inexpressible
update accounts set updated_at = now() where id = $1 returning id;

-- name: profile_display_names
-- args: []
-- expect: inexpressible
select id, coalesce(full_name, username) as name from profiles order by id;

-- name: first_owner_memberships
-- args: []
-- expect: ok
select account_id, user_id from account_user where account_role = 'owner' order by 1, 2 fetch first 3 rows only;
