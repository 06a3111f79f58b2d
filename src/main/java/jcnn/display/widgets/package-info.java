/**
 * Jupyter widgets from Java (widget message protocol 2.1: ipywidgets 8, JupyterLab 4,
 * Notebook 7, VS Code): controls whose state syncs with the browser over comms
 * ({@link jcnn.display.Comms}), {@link jcnn.display.widgets.Widgets#interact}, links, boxes,
 * and the widget state the notebook runner saves. Public API for cells; {@link
 * jcnn.display.widgets.Widget#set} and {@link jcnn.display.widgets.Widget#observe} reach any
 * attribute of the model specification.
 */
package jcnn.display.widgets;
