-- percent of a course's lessons the user has completed
create or replace function public.course_progress(p_course_id uuid, p_user_id uuid)
returns numeric
language sql
stable
as $$
  select case when count(l.id) = 0 then 0
              else round(100.0 * count(lp.completed_at) / count(l.id), 1) end
  from public.lessons l
  left join public.lesson_progress lp on lp.lesson_id = l.id and lp.user_id = p_user_id
  where l.course_id = p_course_id;
$$;

create or replace function public.enroll(p_course_id uuid)
returns public.enrollments
language plpgsql
security definer
set search_path = public
as $$
declare
  result public.enrollments;
begin
  insert into public.enrollments (course_id, user_id)
  values (p_course_id, auth.uid())
  on conflict (course_id, user_id) do update set status = 'active'
  returning * into result;
  return result;
end;
$$;

create or replace function public.complete_lesson(p_lesson_id bigint)
returns void
language plpgsql
security definer
set search_path = public
as $$
begin
  insert into public.lesson_progress (user_id, lesson_id, completed_at)
  values (auth.uid(), p_lesson_id, now())
  on conflict (user_id, lesson_id) do update set completed_at = coalesce(lesson_progress.completed_at, now());
end;
$$;

create or replace function public.search_courses(q text, lvl public.course_level default null)
returns setof public.courses
language sql
stable
as $$
  select * from public.courses
  where published
    and (title ilike '%' || q || '%' or summary ilike '%' || q || '%' or q = any(tags))
    and (lvl is null or level = lvl)
  order by published_at desc;
$$;

create or replace function public.instructor_revenue(p_instructor_id uuid)
returns bigint
language sql
stable
as $$
  select coalesce(sum(c.price_cents), 0)::bigint
  from public.enrollments e
  join public.courses c on c.id = e.course_id
  where c.instructor_id = p_instructor_id and e.status <> 'refunded';
$$;
