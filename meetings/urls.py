from django.urls import path

from .views import (
    api,
    authoring,
    briefing,
    compliance,
    documents,
    editing,
    feeds,
    files,
    public,
    records,
    search,
    steps,
    tracker,
    work_programme,
)

app_name = "meetings"

public_urls = [
    path("", public.home, name="home"),
    path("committees/<slug:slug>/", public.committee_detail, name="committee_detail"),
    path("meetings/<int:pk>/", public.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/agenda.pdf", documents.agenda_pdf, name="agenda_pdf"),
    path("meetings/<int:pk>/pack.pdf", documents.pack_pdf, name="pack_pdf"),
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
    path("officers/<int:pk>/", public.officer_detail, name="officer_detail"),
    path("appendices/<int:pk>/download/", files.appendix_download, name="appendix_download"),
    path("calls-for-action/", public.calls_for_action, name="calls_for_action"),
    path(
        "committees/<slug:slug>/work-programme/",
        work_programme.work_programme,
        name="work_programme",
    ),
    path("search/", search.search, name="search"),
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
    path("meetings/<int:pk>/delete/", editing.MeetingDelete.as_view(), name="meeting_delete"),
    path("meetings/<int:pk>/history/", records.meeting_history, name="meeting_history"),
    path("meetings/<int:pk>/items/new/", editing.AgendaItemCreate.as_view(), name="item_create"),
    path("items/<int:pk>/edit/", editing.AgendaItemUpdate.as_view(), name="item_update"),
    path("items/<int:pk>/move/", editing.agenda_item_move, name="item_move"),
    path("items/<int:pk>/delete/", editing.AgendaItemDelete.as_view(), name="item_delete"),
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
    path("appendices/<int:pk>/remove/", editing.AppendixRemove.as_view(), name="appendix_remove"),
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
        "paragraphs/<int:pk>/remove/",
        editing.ReportParagraphRemove.as_view(),
        name="paragraph_remove",
    ),
    path(
        "presentations/<int:pk>/edit/",
        editing.PresentationUpdate.as_view(),
        name="presentation_update",
    ),
    path(
        "presentations/<int:pk>/presenters/new/",
        editing.PresenterCreate.as_view(),
        name="presenter_create",
    ),
    path("presenters/<int:pk>/edit/", editing.PresenterUpdate.as_view(), name="presenter_update"),
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
    path("standard-questions/", editing.StandardQuestionList.as_view(), name="standard_questions"),
    path(
        "standard-questions/new/",
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
    path(
        "recommendations/<int:pk>/delete/",
        editing.RecommendationDelete.as_view(),
        name="recommendation_delete",
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
]

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
