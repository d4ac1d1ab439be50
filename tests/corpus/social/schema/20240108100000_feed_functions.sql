-- Profile cards with counters, for lists of people.
create view public.profile_cards
with (security_invoker = on)
as
select
    p.id,
    p.username,
    p.display_name,
    p.avatar_url,
    p."isVerified",
    (select count(*) from public.follows f where f.following_id = p.id) as followers,
    (select count(*) from public.follows f where f.follower_id = p.id) as following,
    (select count(*) from public.posts po where po.author_id = p.id) as posts
from public.profiles p;

create or replace function public.follower_count(profile_id uuid)
returns bigint
language sql
stable
as $$
  select count(*) from public.follows where following_id = profile_id;
$$;

create or replace function public.is_following(target uuid)
returns boolean
language sql
stable
security definer set search_path = ''
as $$
  select exists (
    select 1 from public.follows where follower_id = auth.uid() and following_id = target
  );
$$;

-- posts of the people a user follows, newest first
create or replace function public.home_feed(page_size integer default 20, before_id bigint default null)
returns setof public.posts
language sql
stable
as $$
  select p.* from public.posts p
  where p.author_id in (select following_id from public.follows where follower_id = auth.uid())
    and (before_id is null or p.id < before_id)
  order by p.id desc
  limit page_size;
$$;

create or replace function public.search_posts(query text)
returns table (id bigint, body text, author_id uuid, rank real)
language sql
stable
as $$
  select p.id, p.body, p.author_id, ts_rank(p.fts, websearch_to_tsquery('english', query)) as rank
  from public.posts p
  where p.fts @@ websearch_to_tsquery('english', query)
  order by rank desc, p.id;
$$;

create or replace function public.suggested_follows(for_user uuid, max_results integer default 5)
returns setof public.profiles
language sql
stable
as $$
  select pr.* from public.profiles pr
  where pr.id <> for_user
    and pr.id not in (select following_id from public.follows where follower_id = for_user)
  order by (select count(*) from public.follows f where f.following_id = pr.id) desc, pr.username
  limit max_results;
$$;
