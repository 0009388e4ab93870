export { bundleViewer, type ViewerAssets } from './bundle-viewer.js';
export { loadViewerAssets } from './viewer-assets.js';
export { createViewerApp } from './viewer-app.js';
export { serveViewer, type ViewerServer } from './serve-viewer.js';
export { writeViewerHtml } from './write-viewer-html.js';
export { openViewerSource, treeSource, type ViewerSource, type SourceOptions } from './viewer-source.js';
export { treePayload } from './tree-payload.js';
export { summarizeProblem } from './summarize-problem.js';
export type { ProblemSummary, TextSegment, TreePayload, TreeText, ViewerIndex } from './viewer-data.js';
