from django.urls import path

from .views import (
    api,
    authoring,
    briefing,
    calendar,
    compliance,
    documents,
    editing,
    feeds,
    files,
    life,
    mending,
    minutes,
    minutes_editing,
    people,
    public,
    records,
    search,
    setup,
    slides,
    steps,
    tracker,
    work_programme,
)

app_name = "meetings"

public_urls = [
    path("", public.home, name="home"),
    path("committees/<slug:slug>/", public.committee_detail, name="committee_detail"),
    path("meetings/", calendar.meetings, name="meetings"),
    path("meetings/<int:pk>/", public.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/agenda.pdf", documents.agenda_pdf, name="agenda_pdf"),
    path("meetings/<int:pk>/pack.pdf", documents.pack_pdf, name="pack_pdf"),
    path("supplements/<int:pk>/supplement.pdf", documents.supplement_pdf, name="supplement_pdf"),
    path("meetings/<int:pk>/lines-of-enquiry/", public.lines_of_enquiry, name="lines_of_enquiry"),
    path(
        "meetings/<int:pk>/lines-of-enquiry.pdf",
        documents.lines_of_enquiry_pdf,
        name="lines_of_enquiry_pdf",
    ),
    path("meetings/<int:pk>/recommendations/", public.recommendations, name="recommendations"),
    path("recommendations/", tracker.tracker, name="tracker"),
    path("recommendations/tracker.csv", tracker.tracker_csv, name="tracker_csv"),
    path("recommendations/tracker.pdf", tracker.tracker_pdf, name="tracker_pdf"),
    path("reports/<int:pk>/", public.report_detail, name="report_detail"),
    path("reports/<int:pk>/report.pdf", documents.report_pdf, name="report_pdf"),
    path("presentations/<int:pk>/", public.presentation_detail, name="presentation_detail"),
    path("officers/<int:pk>/", people.OfficerPageRedirect.as_view(), name="officer_detail"),
    path("appendices/<int:pk>/download/", files.appendix_download, name="appendix_download"),
    path("calls-for-action/", public.calls_for_action, name="calls_for_action"),
    path(
        "committees/<slug:slug>/work-programme/",
        work_programme.work_programme,
        name="work_programme",
    ),
    path("search/", search.search, name="search"),
    path("accessibility/", public.accessibility_statement, name="accessibility_statement"),
    path("meetings.ics", feeds.meetings_calendar, name="meetings_calendar"),
    path(
        "committees/<slug:slug>/meetings.ics",
        feeds.committee_calendar,
        name="committee_calendar",
    ),
    path("agendas.atom", feeds.PublishedAgendas(), name="agendas_feed"),
    path("api/meetings/", api.meetings, name="api_meetings"),
    path("api/meetings/<int:pk>/agenda-items/", api.agenda_items, name="api_agenda_items"),
    path("api/recommendations/", api.recommendations, name="api_recommendations"),
    path(
        "calls-for-action/<int:pk>/",
        public.call_for_action_detail,
        name="call_for_action_detail",
    ),
    path("priorities/<int:pk>/briefing/", briefing.priority_briefing, name="priority_briefing"),
    path(
        "priorities/<int:pk>/briefing.pdf",
        briefing.priority_briefing_pdf,
        name="priority_briefing_pdf",
    ),
]

officer_urls = [
    path("meetings/new/", editing.MeetingCreate.as_view(), name="meeting_create"),
    path("meetings/<int:pk>/edit/", editing.MeetingUpdate.as_view(), name="meeting_update"),
    path("meetings/<int:pk>/publish/", editing.MeetingPublish.as_view(), name="meeting_publish"),
    path(
        "supplements/<int:pk>/publish/",
        editing.SupplementPublish.as_view(),
        name="supplement_publish",
    ),
    path("meetings/<int:pk>/delete/", editing.MeetingDelete.as_view(), name="meeting_delete"),
    path("meetings/<int:pk>/history/", records.meeting_history, name="meeting_history"),
    path("meetings/<int:pk>/items/new/", editing.AgendaItemCreate.as_view(), name="item_create"),
    path("items/<int:pk>/edit/", editing.AgendaItemUpdate.as_view(), name="item_update"),
    path("items/<int:pk>/report/new/", editing.ReportCreate.as_view(), name="report_create"),
    path(
        "items/<int:pk>/presentation/new/",
        editing.PresentationCreate.as_view(),
        name="presentation_create",
    ),
    path("reports/<int:pk>/edit/", editing.ReportUpdate.as_view(), name="report_update"),
    path("reports/<int:pk>/delete/", editing.ReportDelete.as_view(), name="report_delete"),
    path("reports/<int:pk>/history/", records.report_history, name="report_history"),
    path(
        "reports/<int:pk>/sections/new/",
        editing.ReportSectionCreate.as_view(),
        name="section_create",
    ),
    path(
        "reports/<int:pk>/appendices/new/",
        editing.AppendixCreate.as_view(),
        name="appendix_create",
    ),
    path("appendices/<int:pk>/edit/", editing.AppendixUpdate.as_view(), name="appendix_update"),
    path("sections/<int:pk>/edit/", editing.ReportSectionUpdate.as_view(), name="section_update"),
    path(
        "sections/<int:pk>/paragraphs/new/",
        editing.ReportParagraphCreate.as_view(),
        name="paragraph_create",
    ),
    path(
        "paragraphs/<int:pk>/edit/",
        editing.ReportParagraphUpdate.as_view(),
        name="paragraph_update",
    ),
    path(
        "presentations/<int:pk>/edit/",
        editing.PresentationUpdate.as_view(),
        name="presentation_update",
    ),
    path(
        "meetings/<int:pk>/lines-of-enquiry/new/",
        editing.LineOfEnquiryCreate.as_view(),
        name="line_of_enquiry_create",
    ),
    path(
        "meetings/<int:pk>/lines-of-enquiry/add-standard/",
        editing.lines_of_enquiry_add_standard,
        name="lines_of_enquiry_add_standard",
    ),
    path(
        "lines-of-enquiry/<int:pk>/edit/",
        editing.LineOfEnquiryUpdate.as_view(),
        name="line_of_enquiry_update",
    ),
    path(
        "set-up/committees/<int:pk>/standard-questions/",
        editing.StandardQuestionList.as_view(),
        name="standard_questions",
    ),
    path(
        "set-up/committees/<int:pk>/standard-questions/new/",
        editing.StandardQuestionCreate.as_view(),
        name="standard_question_create",
    ),
    path(
        "standard-questions/<int:pk>/edit/",
        editing.StandardQuestionUpdate.as_view(),
        name="standard_question_update",
    ),
    path(
        "meetings/<int:pk>/recommendations/new/",
        editing.RecommendationCreate.as_view(),
        name="recommendation_create",
    ),
    path(
        "recommendations/<int:pk>/edit/",
        editing.RecommendationUpdate.as_view(),
        name="recommendation_update",
    ),
    path("meetings/<int:pk>/letters/issue/", editing.LettersIssue.as_view(), name="letters_issue"),
    path(
        "recommendations/<int:pk>/steps/<slug:kind>/",
        steps.RecommendationStepRecord.as_view(),
        name="recommendation_step",
    ),
    path("letters/<int:pk>/letter.pdf", documents.letter_pdf, name="letter_pdf"),
    path("letters/<int:pk>/chaser.pdf", documents.chaser_pdf, name="chaser_pdf"),
    path("compliance/", compliance.compliance, name="compliance"),
    path(
        "compliance/documents/<int:pk>/retry/",
        compliance.document_retry,
        name="document_retry",
    ),
    path(
        "committees/<slug:slug>/calls-for-action/new/",
        editing.CallForActionCreate.as_view(),
        name="call_for_action_create",
    ),
    path(
        "calls-for-action/<int:pk>/edit/",
        editing.CallForActionUpdate.as_view(),
        name="call_for_action_update",
    ),
    path(
        "committees/<slug:slug>/work-programme/new/",
        work_programme.WorkProgrammeItemCreate.as_view(),
        name="work_programme_item_create",
    ),
    path(
        "work-programme/<int:pk>/edit/",
        work_programme.WorkProgrammeItemUpdate.as_view(),
        name="work_programme_item_update",
    ),
    path(
        "work-programme/<int:pk>/add-to-agenda/",
        work_programme.WorkProgrammeItemAddToAgenda.as_view(),
        name="work_programme_item_add_to_agenda",
    ),
    path("deleted/", records.deleted_items, name="deleted_items"),
    path("deleted/<slug:kind>/<int:pk>/restore/", records.restore, name="restore"),
    # Deleting and moving every kind of record of a meeting (views/mending.py).
    *mending.urlpatterns,
    # A presentation's slides (views/slides.py).
    *slides.officer_urls,
]

# People, memberships and presenters (views/people.py).
public_urls += [
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
]
officer_urls += [
    path("set-up/people/", people.PersonList.as_view(), name="people"),
    path("set-up/people/new/", people.PersonCreate.as_view(), name="person_create"),
    path("set-up/people/<int:pk>/edit/", people.PersonUpdate.as_view(), name="person_update"),
    path("set-up/people/<int:pk>/delete/", people.PersonDelete.as_view(), name="person_delete"),
    path(
        "committees/<slug:slug>/members/new/",
        people.MembershipCreate.as_view(),
        name="member_create",
    ),
    path(
        "committee-members/<int:pk>/edit/", people.MembershipUpdate.as_view(), name="member_update"
    ),
    path(
        "committee-members/<int:pk>/delete/",
        people.MembershipDelete.as_view(),
        name="member_delete",
    ),
    path(
        "presentations/<int:pk>/presenters/new/",
        people.PresenterCreate.as_view(),
        name="presenter_create",
    ),
    path("presenters/<int:pk>/edit/", people.PresenterUpdate.as_view(), name="presenter_update"),
]
public_urls += slides.public_urls
# A report's body pasted or uploaded whole; several questions or recommendations at once.
officer_urls += [
    path("reports/<int:pk>/body/", authoring.report_body, name="report_body"),
    path(
        "meetings/<int:pk>/lines-of-enquiry/add-several/",
        authoring.lines_of_enquiry_add_several,
        name="lines_of_enquiry_add_several",
    ),
    path(
        "meetings/<int:pk>/recommendations/add-several/",
        authoring.recommendations_add_several,
        name="recommendations_add_several",
    ),
]

urlpatterns = public_urls + officer_urls

# Set-up pages: the council, its committees and their standard items (views/setup.py).
setup_urls = [
    path("set-up/", setup.setup_index, name="setup"),
    path("set-up/council/", setup.CouncilUpdate.as_view(), name="council_update"),
    path("council/logo.png", setup.council_logo, name="council_logo"),
    path("set-up/committees/", setup.committee_list, name="committee_list"),
    path("set-up/committees/new/", setup.CommitteeCreate.as_view(), name="committee_create"),
    path("set-up/committees/<int:pk>/", setup.committee_setup, name="committee_setup"),
    path(
        "set-up/committees/<int:pk>/edit/",
        setup.CommitteeUpdate.as_view(),
        name="committee_update",
    ),
    path(
        "set-up/committees/<int:pk>/delete/",
        setup.CommitteeDelete.as_view(),
        name="committee_delete",
    ),
    path(
        "set-up/committees/<int:pk>/standard-items/new/",
        setup.StandardItemCreate.as_view(),
        name="standard_item_create",
    ),
    path(
        "set-up/standard-items/<int:pk>/edit/",
        setup.StandardItemUpdate.as_view(),
        name="standard_item_update",
    ),
    path(
        "set-up/standard-items/<int:pk>/move/",
        setup.standard_item_move,
        name="standard_item_move",
    ),
    path(
        "set-up/standard-items/<int:pk>/delete/",
        setup.standard_item_delete,
        name="standard_item_delete",
    ),
    path("meetings/<int:pk>/copy-agenda/", setup.AgendaCopy.as_view(), name="agenda_copy"),
]
urlpatterns += setup_urls

# Councillors: the members page; each one's record is on their person page (views/people.py).
councillors_urls = [
    path("councillors/", people.councillors, name="councillors"),
]
urlpatterns += councillors_urls
# A meeting's life, its attendance and declarations of interest (views/life.py).
life_urls = [
    path("meetings/<int:pk>/held/", life.MeetingMarkHeld.as_view(), name="meeting_mark_held"),
    path("meetings/<int:pk>/cancel/", life.MeetingCancel.as_view(), name="meeting_cancel"),
    path("meetings/<int:pk>/postpone/", life.MeetingPostpone.as_view(), name="meeting_postpone"),
    path("meetings/<int:pk>/attendance/", life.AttendanceRecord.as_view(), name="attendance"),
    path("meetings/<int:pk>/attendance/add/", life.AttendeeAdd.as_view(), name="attendee_add"),
    path("attendance/<int:pk>/remove/", life.attendance_remove, name="attendance_remove"),
    path("meetings/<int:pk>/declarations/", life.declarations, name="declarations"),
    path(
        "meetings/<int:pk>/declarations/new/",
        life.DeclarationCreate.as_view(),
        name="declaration_create",
    ),
    path(
        "declarations/<int:pk>/edit/", life.DeclarationUpdate.as_view(), name="declaration_update"
    ),
    path(
        "declarations/<int:pk>/delete/",
        life.DeclarationDelete.as_view(),
        name="declaration_delete",
    ),
]
urlpatterns += life_urls
# Writing the minutes of a held meeting (views/minutes_editing.py).

minutes_urls = [
    path("meetings/<int:pk>/minutes/edit/", minutes_editing.minutes_edit, name="minutes_edit"),
    path("meetings/<int:pk>/minutes/start/", minutes_editing.minutes_start, name="minutes_start"),
    path("items/<int:pk>/minute/", minutes_editing.minute_write, name="minute_write"),
    path("minutes/<int:pk>/motions/new/", minutes_editing.motion_add, name="motion_add"),
    path("motions/<int:pk>/edit/", minutes_editing.motion_update, name="motion_update"),
    path("motions/<int:pk>/vote/", minutes_editing.motion_vote, name="motion_vote"),
    path("motions/<int:pk>/outcome/", minutes_editing.motion_decide, name="motion_decide"),
    path("motions/<int:pk>/amendments/new/", minutes_editing.amendment_add, name="amendment_add"),
    path("amendments/<int:pk>/edit/", minutes_editing.amendment_update, name="amendment_update"),
    path("amendments/<int:pk>/vote/", minutes_editing.amendment_vote, name="amendment_vote"),
]
urlpatterns += minutes_urls
# The meeting record in the Atom feed and the JSON API (meetings/views/feeds.py, api.py).
elsewhere_urls = [
    path("minutes.atom", feeds.PublishedMinutes(), name="minutes_feed"),
    path("api/minutes/", api.minutes, name="api_minutes"),
    path("api/meetings/<int:pk>/minutes/", api.meeting_minutes, name="api_meeting_minutes"),
    path("api/resolutions/", api.resolutions, name="api_resolutions"),
]
urlpatterns += elsewhere_urls
# A meeting's minutes: the page and PDF, publishing the draft, approving at a later
# meeting (views/minutes.py).
approval_urls = [
    path("meetings/<int:pk>/minutes/", minutes.minutes, name="minutes"),
    path("meetings/<int:pk>/minutes.pdf", minutes.minutes_pdf, name="minutes_pdf"),
    path(
        "meetings/<int:pk>/minutes/publish/",
        minutes.MinutesPublish.as_view(),
        name="minutes_publish",
    ),
    path(
        "meetings/<int:pk>/minutes/approve/",
        minutes.MinutesApprove.as_view(),
        name="minutes_approve",
    ),
]
urlpatterns += approval_urls
