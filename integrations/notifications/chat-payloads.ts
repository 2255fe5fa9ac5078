/**
 * Request bodies for chat channels: a Slack incoming webhook (text with a mrkdwn section per notice
 * and a link button) and a Microsoft Teams workflow webhook (an Adaptive Card in a message with an
 * Action.OpenUrl). Links open pages; nothing in a notice acts on the work by itself.
 */
import type { Notice } from './render-notice.ts';

/** Slack mrkdwn treats &, < and > specially; everything from the payload is escaped. */
function slackEscape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function slackLines(notice: Notice): string {
  return [
    `*${slackEscape(notice.headline)}*`,
    `*Why:* ${slackEscape(notice.why)}`,
    notice.deadline ? `*Deadline:* ${slackEscape(notice.deadline)}` : null,
    `*With:* ${slackEscape(notice.where)}`,
    `<${notice.url}|Open the page>`,
  ]
    .filter(Boolean)
    .join('\n');
}

export function slackPayload(notices: readonly Notice[], title?: string): Record<string, unknown> {
  const heading = title ?? notices[0]!.headline;
  return {
    text: slackEscape(heading),
    blocks: [
      ...(title ? [{ type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) } }] : []),
      ...notices.flatMap((notice) => [
        { type: 'section', text: { type: 'mrkdwn', text: slackLines(notice).slice(0, 3000) } },
        {
          type: 'actions',
          elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open' }, url: notice.url }],
        },
      ]),
    ].slice(0, 50),
  };
}

export function teamsPayload(notices: readonly Notice[], title?: string): Record<string, unknown> {
  const body = [
    ...(title ? [{ type: 'TextBlock', text: title, weight: 'Bolder', size: 'Large', wrap: true }] : []),
    ...notices.flatMap((notice) => [
      { type: 'TextBlock', text: notice.headline, weight: 'Bolder', size: 'Medium', wrap: true },
      {
        type: 'FactSet',
        facts: [
          { title: 'Why', value: notice.why },
          ...(notice.deadline ? [{ title: 'Deadline', value: notice.deadline }] : []),
          { title: 'With', value: notice.where },
        ],
      },
      { type: 'ActionSet', actions: [{ type: 'Action.OpenUrl', title: 'Open', url: notice.url }] },
    ]),
  ];
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body },
      },
    ],
  };
}
