// Leaflet as a module, and as the global `L` that leaflet.markercluster extends.
import L from "leaflet";

window.L = L;
export default L;
