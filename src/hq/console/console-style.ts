/** The console's stylesheet, served as a file because the page's CSP allows no inline style. */
export const CONSOLE_CSS = `
:root { font-family: "Noto Sans CJK JP", "Noto Sans JP", system-ui, sans-serif; color: #1b1b1b; background: #f6f7f9; }
body { margin: 0 auto; max-width: 1200px; padding: 1rem 1.5rem 3rem; }
header { display: flex; align-items: baseline; justify-content: space-between; flex-wrap: wrap; gap: 1rem; }
h1 { font-size: 1.5rem; margin: .5rem 0; }
h2 { font-size: 1.2rem; margin-top: 2rem; }
[lang="en"] { color: #555; font-size: .9em; }
table.fleet { border-collapse: collapse; width: 100%; background: #fff; }
.fleet th, .fleet td { border: 1px solid #d0d4da; padding: .4rem .6rem; text-align: left; vertical-align: top; }
.fleet thead th { background: #e9ecf1; }
ul.devices, ul.reasons { margin: 0; padding-left: 1rem; }
.ok { color: #11622d; }
.warn { color: #8a5300; background: #fff6e0; }
.bad { color: #a0141e; background: #fdecee; }
.flash { padding: .6rem 1rem; border-radius: 4px; }
.flash.ok { background: #e5f5ea; }
.flash.error { background: #fdecee; }
ul.announcements li { margin-bottom: .6rem; }
form.announce { display: grid; gap: .8rem; max-width: 42rem; background: #fff; padding: 1rem; border: 1px solid #d0d4da; }
label { display: grid; gap: .25rem; }
input, select, textarea, button { font: inherit; padding: .4rem; }
button { justify-self: start; padding: .6rem 1.2rem; background: #0b4f9c; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
.hint { margin: 0; font-size: .9em; }
a.action { display: inline-block; padding: .6rem 1.2rem; background: #0b4f9c; color: #fff; border-radius: 4px; text-decoration: none; }
a.action [lang="en"] { color: #dfe9f6; }
form.withdraw { margin-top: .3rem; }
ul.alerts li { margin-bottom: .6rem; padding: .4rem .6rem; }
ul.counts { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; padding: 0; }
ul.counts a { display: inline-block; padding: .3rem .7rem; border: 1px solid #d0d4da; border-radius: 4px; background: #fff; text-decoration: none; color: inherit; }
ul.counts li.current a { border-color: #0b4f9c; background: #e6eef8; }
form.filter { display: flex; flex-wrap: wrap; gap: 1rem; align-items: end; margin: .5rem 0 1rem; }
nav.pager { display: flex; gap: 1rem; margin: .8rem 0; }
.whoami { display: flex; gap: .8rem; align-items: center; }
.whoami button { padding: .3rem .8rem; }
form.withdraw button { padding: .3rem .8rem; background: #fff; color: #a0141e; border: 1px solid #a0141e; }
figure.chart { margin: 0 0 1.2rem; }
figure.chart figcaption { font-weight: bold; margin-bottom: .3rem; }
svg.chart { max-width: 100%; height: auto; display: block; }
dl.kiosk-summary { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; }
dl.json { display: grid; grid-template-columns: max-content 1fr; gap: .2rem .8rem; margin: 0; }
dl.json dt { font-family: monospace; color: #555; }
dl.json dd, dl.kiosk-summary dd { margin: 0; }
table.json { font-size: .85em; }
`;
