import { escapeHtml } from '../../platform/web/html';

/**
 * The page behind the link e-mailed to a recipient, for a browser without a token: that a court document awaits
 * them and how to sign in to read it, Chinese first then English. It names no case, no document and no person
 * (whoever holds the link sees it), and the gateway looks nothing up to render it.
 */
export function renderRecipientPageHtml(serviceId: string, publicUrl: string): string {
    const id = escapeHtml(serviceId);
    const api = escapeHtml(`${publicUrl}/v1/services/${encodeURIComponent(serviceId)}`);
    return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>法院送达文书 · Court service of a document</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.6}
section+section{border-top:1px solid #ccc;margin-top:1.5rem}code{word-break:break-all}</style>
</head>
<body>
<section lang="zh-CN">
<h1>法院送达文书</h1>
<p>法院已通过诉讼服务平台向您送达一份文书（送达编号 <code>${id}</code>），等待您阅读。</p>
<p>阅读方法：使用法院为您开通的账号登录诉讼服务平台后查看并下载。通过程序访问时，请携带登录取得的访问令牌请求
<code>${api}</code>（请求头 <code>Authorization: Bearer &lt;令牌&gt;</code>）。
您首次查看时，系统会记录阅读时间，并可能据此确定送达日期。</p>
</section>
<section lang="en">
<h1>Court service of a document</h1>
<p>A court has served a document on you through the court platform (service <code>${id}</code>); it awaits you.</p>
<p>To read it: sign in to the court platform with the account the court opened for you, then view and download
it there. A program requests <code>${api}</code> with the access token from signing in (header
<code>Authorization: Bearer &lt;token&gt;</code>). Your first look is recorded as reading it and may fix the date
of service.</p>
</section>
</body>
</html>
`;
}
