// Packages without type declarations: the console uses a small part of each, typed where it is used.
declare module 'bpmn-js-properties-panel';
declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
declare module 'zeebe-bpmn-moddle/resources/zeebe.json';
declare module 'dmn-js/lib/Modeler';
