/** Served from /portal/assets/ so the policy can stay `'self'`: no inline style or script anywhere. */
export const portalStylesheet = `
:root{--ink:#1b1f2a;--muted:#4a5263;--line:#d5d9e2;--bg:#f5f6f8;--brand:#1d4ed8;--ok:#146c2e;--warn:#8a5300;--bad:#b42318}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--brand)}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:2}
.skip:focus{left:1rem}
header{background:#101828;color:#fff;padding:.6rem 1.5rem;display:flex;flex-wrap:wrap;gap:.6rem 1.5rem;align-items:center}
header a{color:#fff}
header .brand{font-weight:700;text-decoration:none}
header nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;margin:0;padding:0}
header nav a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
header .who{margin-left:auto;display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:center}
.env{display:flex;gap:.25rem}
.env a{padding:.15rem .6rem;border-radius:999px;border:1px solid #98a2b3;text-decoration:none}
.env a[aria-current=true]{background:#fff;color:#101828;font-weight:700}
main{max-width:72rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem;margin:.2rem 0 1rem}
h2{font-size:1.25rem;margin:1.8rem 0 .6rem}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
section.card,.card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:1rem 1.2rem;margin:1rem 0}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(13rem,1fr));gap:1rem}
.figure{font-size:1.6rem;font-weight:700}
.muted{color:var(--muted)}
table{border-collapse:collapse;width:100%;background:#fff}
caption{text-align:left;font-weight:600;padding:.4rem 0}
th,td{border-bottom:1px solid var(--line);padding:.45rem .6rem;text-align:left;vertical-align:top}
thead th{background:#eef0f4}
.card>h2:first-child,.notice>h2:first-child{margin-top:0}
.live{max-width:72rem;margin:0 auto;padding:0 1.5rem 1rem}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}
pre{background:#f0f2f5;padding:.6rem;border-radius:6px;overflow:auto;max-height:16rem;white-space:pre-wrap;word-break:break-all}
label{display:block;font-weight:600;margin:.6rem 0 .2rem}
.hint{font-weight:400;color:var(--muted);font-size:.9rem}
input[type=text],input[type=email],input[type=password],input[type=url],input[type=number],input[type=datetime-local],select,textarea{font:inherit;padding:.4rem .5rem;border:1px solid #7a8294;border-radius:6px;width:100%;max-width:32rem;background:#fff;color:var(--ink)}
fieldset{border:1px solid var(--line);border-radius:8px;margin:.6rem 0;padding:.4rem .8rem}
fieldset label{display:inline-flex;gap:.35rem;font-weight:400;margin:.15rem 1rem .15rem 0}
button{font:inherit;padding:.45rem 1rem;border-radius:6px;border:1px solid var(--brand);background:var(--brand);color:#fff;cursor:pointer}
button.secondary{background:#fff;color:var(--brand)}
button.danger{background:var(--bad);border-color:var(--bad)}
form.inline{display:inline-flex;gap:.4rem;align-items:end;flex-wrap:wrap;margin:.2rem 0}
form.inline label{margin:0}
.notice{padding:.8rem 1rem;border-radius:8px;border:1px solid;margin:1rem 0}
.notice.ok{background:#ecfdf3;border-color:#75e0a7;color:#054f31}
.notice.error{background:#fef3f2;border-color:#fda29b;color:#7a271a}
.notice.secret{background:#fffaeb;border-color:#fec84b;color:#4e1d09}
.badge{display:inline-block;padding:0 .5rem;border-radius:999px;font-size:.85rem;font-weight:600;border:1px solid}
.badge.ok{color:var(--ok);border-color:var(--ok)}
.badge.warning{color:var(--warn);border-color:var(--warn)}
.badge.error{color:var(--bad);border-color:var(--bad)}
.empty{padding:1rem;border:1px dashed #98a2b3;border-radius:8px;background:#fff}
.tabs{display:flex;gap:.5rem;margin:.5rem 0}
.tabs a[aria-current=page]{font-weight:700}
figure{margin:0}
svg.chart{width:100%;height:auto;max-width:56rem;background:#fff}
svg.chart text{font-size:12px;fill:#344054}
.legend{display:flex;flex-wrap:wrap;gap:1rem;list-style:none;padding:0;margin:.3rem 0}
.swatch{display:inline-block;width:.9rem;height:.9rem;border-radius:2px;margin-right:.3rem;vertical-align:middle}
.s0{background:#15803d}.s1{background:#b42318}.s2{background:#b45309}.s3{background:#1d4ed8}
details{margin:.3rem 0}
summary{cursor:pointer}
.login{max-width:26rem;margin:4rem auto}
`;

/** The one island of script: copy buttons, shown only where this runs. */
export const portalScript = `
for (const button of document.querySelectorAll('button[data-copy]')) button.hidden = false;
document.addEventListener('click', async (event) => {
  const button = event.target.closest('button[data-copy]');
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  const status = document.getElementById('copy-status');
  try {
    await navigator.clipboard.writeText(source.textContent);
    status.textContent = 'Copied to the clipboard.';
  } catch {
    status.textContent = 'Copy failed: select the text and copy it by hand.';
  }
});
`;

export const portalFavicon =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1d4ed8"/><text x="8" y="12" font-size="10" text-anchor="middle" fill="#fff" font-family="sans-serif">S</text></svg>';
