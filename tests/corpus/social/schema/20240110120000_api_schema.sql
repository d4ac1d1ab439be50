-- The `api` schema the mobile app talks to, exposed next to public.
create schema if not exists api;
grant usage on schema api to anon, authenticated, service_role;

create view api.timeline
with (security_invoker = true)
as
select
    p.id,
    p.body,
    p.tags,
    p.visibility,
    p.like_count,
    p.comment_count,
    p.created_at,
    pr.id as author_id,
    pr.username as author_username,
    pr.display_name as author_name,
    pr.avatar_url as author_avatar
from public.posts p
join public.profiles pr on pr.id = p.author_id
where p.reply_to_id is null;

create or replace function api.profile_stats(p_username text)
returns json
language sql
stable
as $$
  select json_build_object(
    'username', p.username,
    'followers', (select count(*) from public.follows where following_id = p.id),
    'following', (select count(*) from public.follows where follower_id = p.id),
    'posts', (select count(*) from public.posts where author_id = p.id),
    'likes_received', (select coalesce(sum(like_count), 0) from public.posts where author_id = p.id)
  )
  from public.profiles p
  where p.username = p_username::extensions.citext;
$$;

create or replace function api.thread(root_comment_id bigint)
returns table (id bigint, parent_id bigint, author_id uuid, body text, level smallint, created_at timestamptz)
language sql
stable
as $$
  with recursive t as (
    select c.id, c.parent_id, c.author_id, c.body, c.level, c.created_at
    from public.comments c where c.id = root_comment_id
    union all
    select c.id, c.parent_id, c.author_id, c.body, c.level, c.created_at
    from public.comments c join t on c.parent_id = t.id
  )
  select * from t order by level, created_at;
$$;

create or replace function api.follow(target uuid)
returns void
language plpgsql
security definer set search_path = ''
as $$
begin
  insert into public.follows (follower_id, following_id)
  values (auth.uid(), target)
  on conflict do nothing;
  insert into public.notifications (recipient_id, actor_id, type)
  values (target, auth.uid(), 'follow');
end;
$$;

grant select on all tables in schema api to anon, authenticated, service_role;
grant execute on all functions in schema api to anon, authenticated, service_role;
