"""The pages of a 後援 application under ``/sponsorships`` (the office's are under
``/coordinator``, with the other office pages)."""

from __future__ import annotations

from starlette.routing import Route

from kakehashi.proposals.web import sponsorship_steps, sponsorships

_APPLICATION = "/{id:record}"
_ATTACHMENT = _APPLICATION + "/attachments/{attachment:record}"

ROUTES = [
    Route("/new", sponsorships.new, name="new_sponsorship", methods=["GET", "POST"]),
    Route(_APPLICATION, sponsorships.detail, name="sponsorship"),
    Route(_APPLICATION + "/attachments", sponsorship_steps.attach, name="sponsorship_attach",
          methods=["POST"]),
    Route(_ATTACHMENT, sponsorship_steps.download, name="sponsorship_attachment"),
    Route(_ATTACHMENT + "/delete", sponsorship_steps.remove_attachment,
          name="sponsorship_remove_attachment", methods=["POST"]),
    Route(_APPLICATION + "/opinion", sponsorship_steps.give_opinion,
          name="sponsorship_give_opinion", methods=["POST"]),
    Route(_APPLICATION + "/notice", sponsorship_steps.notice, name="sponsorship_notice"),
]
