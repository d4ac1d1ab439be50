-- The student portal's API.
create schema if not exists portal;
grant usage on schema portal to anon, authenticated, service_role;

create or replace function portal.my_courses()
returns table (course_id uuid, title text, slug text, status public.enrollment_status, progress numeric, enrolled_at timestamptz)
language sql
stable
as $$
  select c.id, c.title, c.slug, e.status, public.course_progress(c.id, e.user_id), e.enrolled_at
  from public.enrollments e
  join public.courses c on c.id = e.course_id
  where e.user_id = auth.uid()
  order by e.enrolled_at desc;
$$;

create or replace function portal.course_outline(p_slug text)
returns json
language sql
stable
as $$
  select json_build_object(
    'title', c.title,
    'sections', coalesce((
      select json_agg(json_build_object(
        'title', s.title,
        'lessons', (select json_agg(json_build_object('slug', l.slug, 'title', l.title, 'type', l.type) order by l.position)
                    from public.lessons l where l.section_id = s.id)
      ) order by s.position)
      from public.sections s where s.course_id = c.id
    ), '[]'::json)
  )
  from public.courses c
  where c.slug = p_slug;
$$;

create view portal.leaderboard
with (security_invoker = on)
as
select p.id as user_id, p.full_name, count(lp.completed_at) as lessons_completed
from public.profiles p
join public.lesson_progress lp on lp.user_id = p.id
group by p.id, p.full_name;

create view portal.certificates
with (security_invoker = on)
as
select ce.id, ce.code, ce.issued_at, e.user_id, c.title as course_title, c.slug as course_slug
from public.certificates ce
join public.enrollments e on e.id = ce.enrollment_id
join public.courses c on c.id = e.course_id;

grant select on all tables in schema portal to anon, authenticated, service_role;
grant execute on all functions in schema portal to anon, authenticated, service_role;
